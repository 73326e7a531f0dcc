/**
 * Grey-level morphology along one axis, for top-hat features: A − opening(A) keeps bright structures
 * narrower than the structuring element and removes everything wider (cartons, stacks, the
 * container), so a small dense object stands out from the cargo around it.
 */
import type { Plane } from '../../kernels/types.js';

export type Axis = 'x' | 'y';

/**
 * Minimum over a centred window of `length` (odd) pixels along `axis`, the window clipped at the
 * image edges. Van Herk / Gil-Werman: block-wise prefix and suffix minima make it three comparisons
 * per pixel whatever the window length (van Herk, Pattern Recognition Letters 13, 1992).
 */
export function slidingMin(src: Plane, axis: Axis, length: number): Plane {
  const { width, height } = src;
  const out = new Float32Array(width * height);
  const half = length >> 1;
  const [lines, n, step, lineStride] = axis === 'x' ? [height, width, 1, width] : [width, height, width, 1];
  const padded = n + 2 * half;
  const blocks = Math.ceil(padded / length) * length;
  const line = new Float32Array(blocks).fill(Number.POSITIVE_INFINITY);
  const prefix = new Float32Array(blocks);
  const suffix = new Float32Array(blocks);
  for (let l = 0; l < lines; l++) {
    const base = l * lineStride;
    for (let i = 0; i < n; i++) line[half + i] = src.data[base + i * step];
    for (let b = 0; b < blocks; b += length) {
      prefix[b] = line[b];
      for (let i = b + 1; i < b + length; i++) prefix[i] = prefix[i - 1] < line[i] ? prefix[i - 1] : line[i];
      suffix[b + length - 1] = line[b + length - 1];
      for (let i = b + length - 2; i >= b; i--) suffix[i] = suffix[i + 1] < line[i] ? suffix[i + 1] : line[i];
    }
    // The window of output i is padded [i, i + length − 1]: a suffix of one block and a prefix of the next.
    for (let i = 0; i < n; i++) {
      const a = suffix[i];
      const b = prefix[i + length - 1];
      out[base + i * step] = a < b ? a : b;
    }
  }
  return { data: out, width, height };
}

function negate(p: Plane): Plane {
  const data = new Float32Array(p.data.length);
  for (let i = 0; i < data.length; i++) data[i] = -p.data[i];
  return { data, width: p.width, height: p.height };
}

/** White top-hat along one axis: A − dilate(erode(A)), ≥ 0. `length` must be odd. */
export function topHat(src: Plane, axis: Axis, length: number): Plane {
  const negOpened = slidingMin(negate(slidingMin(src, axis, length)), axis, length);
  const data = negOpened.data;
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, src.data[i] + data[i]);
  return negOpened;
}

/**
 * Top-hat of what is small in both directions: the lesser of the x and y top-hats with a `length`
 * window (odd), so a brick or a small block keeps its height while lines (a roof, a floor, a wall
 * seen edge-on) and anything wider than the window in either direction give nothing. A square
 * structuring element would keep the lines: they cannot hold the square either.
 */
export function compactTopHat(src: Plane, length: number): Plane {
  const out = topHat(src, 'x', length);
  const y = topHat(src, 'y', length).data;
  for (let i = 0; i < y.length; i++) if (y[i] < out.data[i]) out.data[i] = y[i];
  return out;
}
