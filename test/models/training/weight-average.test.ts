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
    const average = new WeightAverage(1, 2);
    // The weights "after step s" are all (s + 1)²: the averaged steps 1, 3 and 5 give (4 + 16 + 36) / 3, and
    // neither step 0 nor the last step (6, weights 49) may count.
    for (let step = 0; step < 7; step++) {
      setFlatWeights(net, new Float32Array(n).fill((step + 1) ** 2));
      average.afterStep(step, net);
    }

    average.applyTo(net);

    expect(average.steps).toBe(3);
    expect(Array.from(new Set(flatWeights(net)))).toEqual([Math.fround(56 / 3)]);
  });

  it('when the start or the spacing is missing or out of range then it refuses', () => {
    expect(() => new WeightAverage(undefined as unknown as number, 5)).toThrow(/average.from/);
    expect(() => new WeightAverage(-1, 5)).toThrow(/average.from/);
    expect(() => new WeightAverage(10, 0)).toThrow(/average.every/);
    expect(() => new WeightAverage(10, 2.5)).toThrow(/average.every/);
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
