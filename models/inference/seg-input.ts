/**
 * The input planes of the segmentation model (`conv-seg`), per model pixel, interleaved HWC, each
 * normalised as (value − mean) / std with the constants stored in the model's meta:
 * 0. attenuation A (the detector floor keeps it ≤ ln 60000 ≈ 11);
 * 1. dual-energy ratio A_low / A_high, or 0 after normalisation where the ratio is undefined (thin
 *    matter) and for single-energy scans;
 * 2. A minus the median A of its image row inside the container: the load's usual level at that
 *    height, so an object that is dense *for this load* stands out even where the whole row is dark.
 * Training builds its crops from the same function, so the network sees what inference gives it.
 */
import type { Plane } from '../../kernels/types.js';
import type { Region } from './cargo-region.js';

/** Bumped whenever a channel changes; stored in each conv-seg model's meta. */
export const SEG_INPUT_SET = 'seg-a-r-rowctx-v1';
export const SEG_CHANNELS = 3;

export const SEG_CHANNEL_NAMES = ['attenuation', 'dual_ratio', 'attenuation_vs_row_median'] as const;

/** Per-channel (value − mean) / std; the ratio is centred between organic (1.23) and steel (1.09). */
export interface SegNormalisation {
  mean: readonly number[];
  std: readonly number[];
}

export const SEG_NORMALISATION: SegNormalisation = { mean: [0, 1.15, 0], std: [3, 0.2, 2] };

/** Median attenuation of each row over the region's columns (every column when there is none). */
export function rowMedians(a: Plane, region: Region | undefined): Float32Array {
  const x0 = region?.x0 ?? 0;
  const x1 = region?.x1 ?? a.width;
  const medians = new Float32Array(a.height);
  const row = new Float32Array(x1 - x0);
  for (let y = 0; y < a.height; y++) {
    row.set(a.data.subarray(y * a.width + x0, y * a.width + x1));
    row.sort();
    medians[y] = row.length > 0 ? row[row.length >> 1] : 0;
  }
  return medians;
}

/**
 * @param a high-energy attenuation at model resolution.
 * @param ratio the dual-ratio plane of the same size (absent for single-energy scans).
 * @param medians per-row context from {@link rowMedians}.
 * @param norm the model's normalisation constants (meta `featureMean` / `featureStd`).
 * @returns width × height × 3 floats, row-major, channels last.
 */
export function segChannels(a: Plane, ratio: Plane | undefined, medians: Float32Array, norm: SegNormalisation): Float32Array {
  const out = new Float32Array(a.width * a.height * SEG_CHANNELS);
  const [ma, mr, mc] = norm.mean;
  const [ia, ir, ic] = norm.std.map((s) => 1 / s);
  for (let y = 0; y < a.height; y++) {
    const m = medians[y];
    for (let x = 0; x < a.width; x++) {
      const i = y * a.width + x;
      const v = a.data[i];
      const r = ratio ? ratio.data[i] : 0;
      out[i * 3] = (v - ma) * ia;
      out[i * 3 + 1] = r > 0 ? (r - mr) * ir : 0;
      out[i * 3 + 2] = (v - m - mc) * ic;
    }
  }
  return out;
}
