/** Seeded random test images for the kernel tests (the fixture generator's Mulberry32: reproducible). */
import { Rng } from '../../fixtures/generator/prng.js';

/** Returns a PRNG yielding floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** Raw detector values: mostly signal, with dark-level, zero and saturated pixels mixed in. */
export function randomRaw(n: number, seed: number): Uint16Array {
  const rand = seededRandom(seed);
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    out[i] = r < 0.05 ? 0 : r > 0.95 ? 65535 : Math.floor(rand() * 65536);
  }
  return out;
}

/** A float plane in [lo, hi) with a few exact zeros. */
export function randomPlane(n: number, seed: number, lo = 0, hi = 12): Float32Array {
  const rand = seededRandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rand() < 0.03 ? 0 : lo + (hi - lo) * rand();
  return out;
}

/** Random 8-bit gray. */
export function randomGray(n: number, seed: number): Uint8Array {
  const rand = seededRandom(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

/** Largest |a[i] − b[i]|, or Infinity when the lengths differ. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}

/** Largest |a[i] − b[i]| / max(1, |b[i]|). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i]));
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}

/** Image sizes that exercise SIMD tails: 1×1, widths not a multiple of 4, 8 or 16, tall and flat. */
export const ODD_SIZES: ReadonlyArray<readonly [number, number]> = [
  [1, 1], [2, 1], [1, 7], [3, 3], [5, 2], [7, 5], [9, 4], [13, 9], [17, 3], [31, 33], [65, 7], [257, 3], [100, 61],
];
