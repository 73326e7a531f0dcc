import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../models/backend.js';
import { flatWeights, setFlatWeights } from '../../../models/training/batch-gradients.js';
import { buildSegNetwork } from '../../../models/training/seg-network.js';
import { WeightAverage } from '../../../models/training/weight-average.js';

describe('weight averaging', () => {
  beforeAll(async () => {
    await selectBackend({ preferred: 'wasm' });
  });

  const network = () => buildSegNetwork({ layers: [[4, 1], [4, 2]], channels: 2, seed: 5 });

  it('when snapshots are taken every other step from a start then the network ends with their mean', () => {
    const net = network();
    const n = flatWeights(net).length;
    const average = new WeightAverage(2, 2);
    // The weights "after step s" are all s + 1, so the averaged steps 2, 4 and 6 give (3 + 5 + 7) / 3.
    for (let step = 0; step < 7; step++) {
      setFlatWeights(net, new Float32Array(n).fill(step + 1));
      average.afterStep(step, net);
    }

    average.applyTo(net);

    expect(average.steps).toBe(3);
    expect(Array.from(new Set(flatWeights(net)))).toEqual([5]);
  });

  it('when no step reached the start then the network keeps its weights', () => {
    const net = network();
    const before = flatWeights(net);
    const average = new WeightAverage(10, 1);
    for (let step = 0; step < 10; step++) average.afterStep(step, net);

    average.applyTo(net);

    expect(average.steps).toBe(0);
    expect(flatWeights(net)).toEqual(before);
  });
});
