import { describe, expect, it } from 'vitest';
import { Rng } from '../../../fixtures/generator/prng.js';
import { mahalanobis2 } from '../../../models/inference/density.js';
import { fitDensity } from '../../../models/training/fit-density.js';

describe('fitDensity', () => {
  it('when fitted on correlated normal rows then a point off the correlation is farther than one along it', () => {
    const rng = Rng.stream(7, 'test');
    const n = 4000;
    const x = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const a = rng.next() * 2 - 1;
      x[2 * i] = a;
      x[2 * i + 1] = a + 0.1 * (rng.next() - 0.5);
    }
    // Anomaly rows (class 1) far away must not move the fit.
    const y = new Uint8Array(n + 10);
    const withAnomalies = new Float32Array((n + 10) * 2);
    withAnomalies.set(x);
    withAnomalies.fill(50, n * 2);
    y.fill(1, n);

    const fit = fitDensity(withAnomalies, y, 2, 1e-3, 1);

    expect(Math.abs(fit.mean[0])).toBeLessThan(0.05);
    const along = mahalanobis2(Float64Array.of(0.5 - fit.mean[0], 0.5 - fit.mean[1]), fit.precision);
    const across = mahalanobis2(Float64Array.of(0.5 - fit.mean[0], -0.5 - fit.mean[1]), fit.precision);
    expect(across).toBeGreaterThan(20 * along);
    expect(fit.scale).toBeGreaterThan(0);
  });
});
