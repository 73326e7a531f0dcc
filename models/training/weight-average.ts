/**
 * Weight averaging (SWA, Izmailov et al. 2018): the mean of the weights a network passes through in
 * the tail of its training, which lies nearer the middle of a flat region of the loss than any one step.
 * The conv-seg network has no batch normalisation, so the mean needs no statistics recomputed.
 */
import type * as tf from '@tensorflow/tfjs';
import { flatWeights, setFlatWeights } from './batch-gradients.js';

/** Running mean of the network's weights after the steps `from`, `from + every`, … (`SegFitOptions.average`). */
export class WeightAverage {
  private sum: Float64Array | undefined;
  private count = 0;

  /**
   * @param from first averaged step (0-based), an integer ≥ 0.
   * @param every steps between snapshots, an integer ≥ 1.
   * @throws RangeError for anything else (an override that left one out would otherwise average nothing, silently).
   */
  constructor(
    private readonly from: number,
    private readonly every: number,
  ) {
    if (!Number.isInteger(from) || from < 0) throw new RangeError(`Expected integer ≥ 0 for average.from but received ${from}`);
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`Expected integer ≥ 1 for average.every but received ${every}`);
  }

  /** Adds the weights after `step` (0-based) when it is one of the averaged steps. */
  afterStep(step: number, network: tf.LayersModel): void {
    if (step < this.from || (step - this.from) % this.every !== 0) return;
    const w = flatWeights(network);
    this.sum ??= new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) this.sum[i] += w[i];
    this.count++;
  }

  /** Sets the network to the mean; leaves it alone when no step was averaged. */
  applyTo(network: tf.LayersModel): void {
    if (!this.sum) return;
    setFlatWeights(network, Float32Array.from(this.sum, (v) => v / this.count));
  }

  /** Snapshots averaged so far. */
  get steps(): number {
    return this.count;
  }
}
