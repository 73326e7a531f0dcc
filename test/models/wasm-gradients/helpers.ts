/**
 * Shared test helpers: backend switching, seeded random tensors, and running the same gradient on
 * the cpu backend (the reference) and the wasm backend (with this module's kernels).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';

const WASM_DIST = fileURLToPath(new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url));
let wasmPathSet = false;

/** Switches tfjs to `name`, pointing the wasm backend at its binaries in node_modules first. */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm' && !wasmPathSet) {
    setWasmPaths(WASM_DIST);
    wasmPathSet = true;
  }
  await tf.setBackend(name);
  await tf.ready();
}

/** Deterministic uniform values in [-1, 1) (mulberry32), so failures reproduce. */
export function randomValues(length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Largest |a − b| − rtol·|b| over the arrays: ≤ atol means they agree within atol + rtol·|b|. */
export function worstExcess(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < actual.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - rtol * Math.abs(expected[i]);
    if (!(excess <= worst)) worst = Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess;
  }
  return worst;
}

/** Stated tolerance of every comparison with the cpu backend: |wasm − cpu| ≤ ATOL + RTOL·|cpu|. */
export const ATOL = 1e-4;
export const RTOL = 1e-4;

/** Gradients of sum(f(x, filter) · weights) with respect to x and filter, as plain arrays. */
export async function convGrads(
  backend: 'cpu' | 'wasm',
  f: (x: tf.Tensor4D, filter: tf.Tensor4D) => tf.Tensor4D,
  x: { shape: number[]; values: Float32Array },
  filter: { shape: number[]; values: Float32Array },
  seed: number,
): Promise<{ dx: Float32Array; dFilter: Float32Array }> {
  await useBackend(backend);
  return tf.tidy(() => {
    const xt = tf.tensor4d(x.values, x.shape as [number, number, number, number]);
    const ft = tf.tensor4d(filter.values, filter.shape as [number, number, number, number]);
    const outShape = f(xt, ft).shape;
    // Random output weights make dy non-uniform, so every tap of the gradient is exercised.
    const weights = tf.tensor(randomValues(outShape.reduce((p, d) => p * d, 1), seed ^ 0x5bd1e995), outShape);
    const [dx, dFilter] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(f(a as tf.Tensor4D, b as tf.Tensor4D), weights)))([xt, ft]);
    return { dx: dx.dataSync() as Float32Array, dFilter: dFilter.dataSync() as Float32Array };
  });
}
