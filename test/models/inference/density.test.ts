import { describe, expect, it } from 'vitest';
import { densityEvidence, mahalanobis2 } from '../../../models/inference/density.js';

describe('density', () => {
  it('when the precision is the identity then d² is the squared norm', () => {
    expect(mahalanobis2(Float64Array.of(3, 4), [1, 0, 0, 1])).toBeCloseTo(25, 12);
  });

  it('when tiles lie at or inside the median distance then they get no evidence, and far ones get weight · standardised excess', () => {
    const params = { mean: [1, 1], precision: [1, 0, 0, 1], centre: 1, scale: 2, weight: 3 };
    const normalised = Float32Array.of(1, 1, 1, 2, 1, 6);

    const evidence = densityEvidence(normalised, params, new Float32Array(3));

    expect(evidence[0]).toBe(0);
    expect(evidence[1]).toBe(0);
    expect(evidence[2]).toBeCloseTo(3 * ((5 - 1) / 2), 5);
  });
});
