import { describe, expect, it } from 'vitest';
import { Rng } from '../../../fixtures/generator/prng.js';
import { injectObject } from '../../../models/training/anomaly-injection.js';

const planes = () => ({
  high: { data: new Float32Array(200 * 100).fill(1), width: 200, height: 100 },
  low: { data: new Float32Array(200 * 100).fill(1.2), width: 200, height: 100 },
});

describe('injectObject', () => {
  it('when only blocks are asked for then it draws exactly what the default draws', () => {
    const a = planes();
    const b = planes();

    const first = injectObject(a.high, a.low, { x: 100, y: 50 }, 20, new Rng(5));
    const second = injectObject(b.high, b.low, { x: 100, y: 50 }, 20, new Rng(5), ['box']);

    expect(second.box).toEqual(first.box);
    expect(b.high.data).toEqual(a.high.data);
  });

  it('when a blob is drawn then its outline leaves corners of its box empty and both energies change where it covers', () => {
    for (const seed of [1, 2, 3, 4]) {
      const { high, low } = planes();

      const injected = injectObject(high, low, { x: 100, y: 50 }, 10, new Rng(seed), ['blob']);

      const { w, h } = injected.box;
      expect(injected.coverage[0], `seed ${seed}`).toBe(0);
      expect(injected.coverage[w * h - 1], `seed ${seed}`).toBe(0);
      const centre = Math.floor(h / 2) * w + Math.floor(w / 2);
      expect(injected.coverage[centre], `seed ${seed}`).toBeGreaterThan(0);
      const i = (injected.box.y + Math.floor(h / 2)) * 200 + injected.box.x + Math.floor(w / 2);
      expect(high.data[i]).not.toBe(1);
      expect(low.data[i]).not.toBe(1.2);
    }
  });

  it('when a size range is given then every object spans at most its upper end', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { high, low } = planes();

      // 10 mm pixels: 4-12 cm is 4-12 px, plus at most one partly covered pixel per side.
      const injected = injectObject(high, low, { x: 100, y: 50 }, 10, new Rng(seed), ['box'], [4, 12]);

      expect(injected.box.w, `seed ${seed}`).toBeLessThanOrEqual(13);
      expect(injected.box.h, `seed ${seed}`).toBeLessThanOrEqual(13);
      expect(Math.max(injected.box.w, injected.box.h), `seed ${seed}`).toBeGreaterThanOrEqual(4);
    }
  });
});
