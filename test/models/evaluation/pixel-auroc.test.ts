import { describe, expect, it } from 'vitest';
import { PixelRoc, downsampleMask } from '../../../models/evaluation/pixel-auroc.js';

/** A 20 × 10 mask with a 4 × 3 block at (5, 2). */
function blockMask(): Uint8Array {
  const mask = new Uint8Array(200);
  for (let y = 2; y < 5; y++) for (let x = 5; x < 9; x++) mask[y * 20 + x] = 1;
  return mask;
}

const plane = (data: number[] | Float32Array) => ({ data: Float32Array.from(data), width: 20, height: 10 });

describe('PixelRoc', () => {
  it('when the heatmap equals the mask then the pixel AUROC is 1', () => {
    const roc = new PixelRoc();
    const mask = blockMask();
    roc.add(plane(Array.from(mask, (m) => (m ? 0.9 : 0.1))), mask);
    expect(roc.auroc()).toBe(1);
    expect(roc.positives).toBe(12);
  });

  it('when the heatmap is the inverted mask then the pixel AUROC is 0', () => {
    const roc = new PixelRoc();
    const mask = blockMask();
    roc.add(plane(Array.from(mask, (m) => (m ? 0.1 : 0.9))), mask);
    expect(roc.auroc()).toBe(0);
  });

  it('when the heatmap is flat then the pixel AUROC is one half', () => {
    const roc = new PixelRoc();
    roc.add(plane(new Float32Array(200).fill(0.3)), blockMask());
    expect(roc.auroc()).toBe(0.5);
  });

  it('when the heatmap only half covers the block then the area counts the hits and misses', () => {
    const roc = new PixelRoc();
    const mask = blockMask();
    // Hot over the left half of the block (6 of 12 anomalous pixels) and nowhere else.
    const heat = Array.from(mask, (m, i) => (m && i % 20 < 7 ? 1 : 0));
    roc.add(plane(heat), mask);
    expect(roc.auroc()).toBeCloseTo(0.75, 6);
  });

  it('when two scans are merged then the result equals adding both to one accumulator', () => {
    const mask = blockMask();
    const heat = plane(Array.from({ length: 200 }, (_, i) => (i * 37) % 101 / 100));
    const a = new PixelRoc();
    const b = new PixelRoc();
    const both = new PixelRoc();
    a.add(heat, mask);
    b.add(heat);
    both.add(heat, mask);
    both.add(heat);
    a.merge(b);
    expect(a.auroc()).toBe(both.auroc());
  });
});

describe('downsampleMask', () => {
  it('when a 4 × 4 block is downsampled by 2 then it becomes a 2 × 2 block on the grid', () => {
    const mask = new Uint8Array(64);
    for (let y = 2; y < 6; y++) for (let x = 2; x < 6; x++) mask[y * 8 + x] = 1;
    const out = downsampleMask(mask, 8, 8, 2, 4, 4);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('when a block covers less than half of a cell then that cell stays normal', () => {
    const mask = new Uint8Array(16);
    mask[0] = 1;
    expect(Array.from(downsampleMask(mask, 4, 4, 2, 2, 2))).toEqual([0, 0, 0, 0]);
    expect(Array.from(downsampleMask(mask, 4, 4, 2, 2, 2, 0.25))).toEqual([1, 0, 0, 0]);
  });
});
