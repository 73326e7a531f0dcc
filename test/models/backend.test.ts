import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { activeBackend, selectBackend } from '../../models/backend.js';

describe('selectBackend', () => {
  it('when tfjs-node is not installed then it skips it, picks wasm with SIMD and computes on it', async () => {
    const selected = await selectBackend();

    expect(selected.name).toBe('wasm');
    expect(selected.simd).toBe(true);
    expect(selected.skipped.map((s) => s.name)).toEqual(['node']);
    expect(tf.getBackend()).toBe('wasm');
    const product = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(await product.data())).toEqual([11]);
  });

  it('when called again with another preference then the first choice stands', async () => {
    const first = await selectBackend();
    const again = await selectBackend({ preferred: 'cpu' });

    expect(again).toBe(first);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('when a backend is selected then activeBackend names it as selectBackend does, not as tf.js does', async () => {
    const { name } = await selectBackend();

    expect(activeBackend()).toBe(name);
  });
});
