/** Plain TypeScript references of the neighbourhood filters; borders replicate the edge pixel. */
import { gaussianWeights } from '../gaussian.js';
import type { Plane } from '../types.js';
import { checkGaussianBlur, checkImage } from '../validate.js';

function clamp(v: number, hi: number): number {
  return v < 0 ? 0 : v > hi ? hi : v;
}

/**
 * Separable Gaussian blur, radius ⌈3σ⌉, vertical pass then horizontal.
 * @throws KernelArgumentError on sizes that do not match `src` or sigma outside 0.3..32.
 */
export function gaussianBlur(src: Float32Array, width: number, height: number, sigma: number): Plane {
  checkGaussianBlur(src, width, height, sigma);
  const w = gaussianWeights(sigma);
  const r = (w.length - 1) / 2;
  const tmp = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let k = -r; k <= r; k++) acc += w[k + r] * src[clamp(y + k, height - 1) * width + x];
      tmp[y * width + x] = acc;
    }
  }
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let k = -r; k <= r; k++) acc += w[k + r] * tmp[y * width + clamp(x + k, width - 1)];
      data[y * width + x] = acc;
    }
  }
  return { data, width, height };
}

/** Calls `fn` with the 3×3 neighbourhood of every pixel (row-major, edge-replicated). */
function forEachNeighbourhood(src: Float32Array, width: number, height: number, fn: (n: number[], i: number) => void): void {
  const n = new Array<number>(9);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          n[(dy + 1) * 3 + dx + 1] = src[clamp(y + dy, height - 1) * width + clamp(x + dx, width - 1)];
        }
      }
      fn(n, y * width + x);
    }
  }
}

/**
 * 3×3 median (the 5th of the 9 sorted neighbours).
 * @throws KernelArgumentError on sizes that do not match `src`.
 */
export function median3x3(src: Float32Array, width: number, height: number): Plane {
  checkImage(src, width, height);
  const data = new Float32Array(width * height);
  forEachNeighbourhood(src, width, height, (n, i) => {
    data[i] = n.sort((a, b) => a - b)[4];
  });
  return { data, width, height };
}

/**
 * Sobel gradient magnitude sqrt(gx² + gy²).
 * @throws KernelArgumentError on sizes that do not match `src`.
 */
export function sobelMagnitude(src: Float32Array, width: number, height: number): Plane {
  checkImage(src, width, height);
  const data = new Float32Array(width * height);
  forEachNeighbourhood(src, width, height, (n, i) => {
    const gx = n[2] - n[0] + 2 * (n[5] - n[3]) + n[8] - n[6];
    const gy = n[6] - n[0] + 2 * (n[7] - n[1]) + n[8] - n[2];
    data[i] = Math.sqrt(gx * gx + gy * gy);
  });
  return { data, width, height };
}
