import { describe, expect, it } from 'vitest';
import { lowerBound } from '../../../models/inference/lower-bound.js';

describe('lowerBound', () => {
  it('when the value occurs several times then it returns the index of the first occurrence', () => {
    expect(lowerBound(Float64Array.of(1, 2, 2, 2, 3), 2)).toBe(1);
  });

  it('when the value falls between elements then it returns the index of the next larger one', () => {
    expect(lowerBound(Float32Array.of(0.5, 1.5, 2.5), 2)).toBe(2);
  });

  it('when the value is below or above every element then it returns 0 or the length', () => {
    const sorted = Float64Array.of(1, 2, 3);
    expect([lowerBound(sorted, 0), lowerBound(sorted, 4), lowerBound(new Float64Array(0), 1)]).toEqual([0, 3, 0]);
  });

  it('when compared with a linear scan on random sorted data then both agree', () => {
    const sorted = Float32Array.from({ length: 257 }, (_, i) => Math.floor(((i * 7919) % 257) / 3)).sort();
    for (let v = -1; v < 90; v += 0.5) expect(lowerBound(sorted, v)).toBe(sorted.findIndex((s) => s >= v) === -1 ? sorted.length : sorted.findIndex((s) => s >= v));
  });
});
