/**
 * Pixel-level localisation: ROC area of the heatmap against the ground-truth mask, pooled over many
 * scans. Millions of pixels do not need sorting: heatmap levels lie in [0, 1], so per-class
 * histograms with fine bins give the Mann-Whitney area (ties within a bin count one half).
 */
import type { Plane } from '../../kernels/index.js';

const BINS = 4096;

/** Accumulates heatmap levels of anomalous and normal pixels; call {@link PixelRoc.auroc} at the end. */
export class PixelRoc {
  readonly positive = new Float64Array(BINS);
  readonly negative = new Float64Array(BINS);

  /**
   * Adds one scan. `mask` has the heatmap's size (1 = anomaly); without one every pixel is normal.
   */
  add(heatmap: Plane, mask?: Uint8Array): void {
    const { data } = heatmap;
    for (let i = 0; i < data.length; i++) {
      const bin = Math.min(BINS - 1, Math.max(0, Math.floor(data[i] * BINS)));
      if (mask && mask[i]) this.positive[bin]++;
      else this.negative[bin]++;
    }
  }

  /** Merges another accumulator (or its counts, as they come back from another thread) into this one. */
  merge(other: Pick<PixelRoc, 'positive' | 'negative'>): void {
    for (let b = 0; b < BINS; b++) {
      this.positive[b] += other.positive[b];
      this.negative[b] += other.negative[b];
    }
  }

  get positives(): number {
    return this.positive.reduce((s, v) => s + v, 0);
  }

  /** P(level of an anomalous pixel > level of a normal pixel), ties half; NaN without both. */
  auroc(): number {
    let below = 0;
    let wins = 0;
    let pos = 0;
    let neg = 0;
    for (let b = 0; b < BINS; b++) {
      wins += this.positive[b] * (below + this.negative[b] / 2);
      below += this.negative[b];
      pos += this.positive[b];
      neg += this.negative[b];
    }
    return pos === 0 || neg === 0 ? Number.NaN : wins / (pos * neg);
  }
}

/**
 * Downsamples an image-pixel mask to the model grid: a model pixel is anomalous when at least
 * `minCover` of its `factor × factor` block is (edges of the image count only the pixels inside).
 * @param outWidth model-grid width (the heatmap's), usually floor(width / factor)
 */
export function downsampleMask(
  mask: Uint8Array,
  width: number,
  height: number,
  factor: number,
  outWidth: number,
  outHeight: number,
  minCover = 0.5,
): Uint8Array {
  const out = new Uint8Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      let hits = 0;
      let total = 0;
      for (let yy = y * factor; yy < Math.min(height, (y + 1) * factor); yy++) {
        for (let xx = x * factor; xx < Math.min(width, (x + 1) * factor); xx++) {
          total++;
          hits += mask[yy * width + xx] ? 1 : 0;
        }
      }
      out[y * outWidth + x] = total > 0 && hits / total >= minCover ? 1 : 0;
    }
  }
  return out;
}
