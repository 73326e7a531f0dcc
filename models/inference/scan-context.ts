/**
 * Scan-level context for tile features. An anomaly is what is rare in its own scan: one saturated
 * block among textiles is unique, the same attenuation among steel coils is one of dozens. So each
 * tile learns how many tiles of the same scan are at least as extreme, and what the scan holds
 * overall (how much of it saturates, what material its cargo is).
 */
import { lowerBound } from './lower-bound.js';

/** Attenuation above which a tile counts as (near) saturated: ~35 cm of steel at 6 MeV. */
const SATURATED = 8;

/**
 * log2(1 + number of rows whose column `column` is at least 70 % of this row's value), for every
 * row: "how many tiles of this scan look about this extreme". Electronics cartons each hold a small
 * dense part, so the most extreme part still has dozens of peers; a lone block has only the few
 * overlapping tiles that see it.
 * @param data row-major [rows, stride]
 */
export function rarity(data: Float32Array, stride: number, column: number): Float32Array {
  const rows = data.length / stride;
  const values = new Float32Array(rows);
  for (let t = 0; t < rows; t++) values[t] = data[t * stride + column];
  const sorted = values.slice().sort();
  const out = new Float32Array(rows);
  for (let t = 0; t < rows; t++) {
    const v = values[t];
    out[t] = Math.log2(1 + rows - lowerBound(sorted, v - 0.3 * Math.abs(v)));
  }
  return out;
}

/**
 * Share of tiles whose maximum attenuation is near saturation, and the median dual-energy ratio of
 * tiles where the ratio is mostly valid (0 when there is none): the scan's cargo in two numbers.
 */
export function scanSummary(
  data: Float32Array,
  stride: number,
  columns: { aMax: number; rMean: number; rValid: number },
): { saturatedShare: number; ratioMedian: number } {
  const rows = data.length / stride;
  let saturated = 0;
  const ratios: number[] = [];
  for (let t = 0; t < rows; t++) {
    if (data[t * stride + columns.aMax] >= SATURATED) saturated++;
    if (data[t * stride + columns.rValid] >= 0.5) ratios.push(data[t * stride + columns.rMean]);
  }
  ratios.sort((a, b) => a - b);
  return { saturatedShare: saturated / rows, ratioMedian: ratios.length === 0 ? 0 : ratios[ratios.length >> 1] };
}
