/**
 * Stochastic weight averaging (Izmailov et al., 2018): the mean of a network's weights taken at
 * several late training steps usually generalises better than the weights of the last step, at no
 * cost at inference. The network here has no batch normalisation, so nothing needs recomputing.
 */
import * as tf from '@tensorflow/tfjs';

/** Running mean of a network's weights; `apply` loads it into the network (nothing when empty). */
export class WeightAverage {
  private sums: tf.Tensor[] | undefined;
  private count = 0;

  constructor(private readonly network: tf.LayersModel) {}

  add(): void {
    const weights = this.network.getWeights();
    const previous = this.sums;
    this.sums = tf.tidy(() => weights.map((w, i) => (previous ? previous[i].add(w) : w.clone())));
    if (previous) tf.dispose(previous);
    this.count++;
  }

  apply(): void {
    if (!this.sums) return;
    const count = this.count;
    const means = tf.tidy(() => this.sums!.map((s) => s.div(count)));
    this.network.setWeights(means);
    tf.dispose([...means, ...this.sums]);
    this.sums = undefined;
  }
}
