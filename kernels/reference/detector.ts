/** Plain TypeScript reference of the detector correction (assembly/repair-dead-rows.ts). */
import type { DeadRowRepair } from '../types.js';
import { checkImage } from '../validate.js';

/** A row is dead below this fraction of its neighbours' median mean. */
const DEAD_FRACTION = 0.05;
/** Rows on each side the test compares against. */
const NEIGHBOURS = 3;

/**
 * {@link Kernels.repairDeadRows}: interpolates rows that read dark across the whole image.
 * @throws KernelArgumentError on a malformed image.
 * @example const { data, rows } = repairDeadRows(scan.high, scan.width, scan.height);
 */
export function repairDeadRows(raw: Uint16Array, width: number, height: number): DeadRowRepair {
  checkImage(raw, width, height, Uint16Array);
  const means = rowMeans(raw, width, height);
  const dead = means.map((m, y) => m < DEAD_FRACTION * neighbourMedian(means, y));
  const rows = dead.flatMap((d, y) => (d ? [y] : []));
  const data = raw.slice();
  if (rows.length === 0 || rows.length === height) return { data, rows: [] };
  for (const y of rows) {
    let above = y - 1;
    while (above >= 0 && dead[above]) above--;
    let below = y + 1;
    while (below < height && dead[below]) below++;
    const out = data.subarray(y * width, (y + 1) * width);
    if (above < 0 || below >= height) {
      const side = above < 0 ? below : above;
      out.set(raw.subarray(side * width, (side + 1) * width));
      continue;
    }
    const wb = (y - above) / (below - above);
    for (let x = 0; x < width; x++) out[x] = Math.floor((1 - wb) * raw[above * width + x] + wb * raw[below * width + x] + 0.5);
  }
  return { data, rows };
}

function rowMeans(raw: Uint16Array, width: number, height: number): number[] {
  return Array.from({ length: height }, (_, y) => {
    let sum = 0;
    for (let x = 0; x < width; x++) sum += raw[y * width + x];
    return sum / width;
  });
}

function neighbourMedian(means: number[], y: number): number {
  const values: number[] = [];
  for (let d = -NEIGHBOURS; d <= NEIGHBOURS; d++) if (d !== 0 && y + d >= 0 && y + d < means.length) values.push(means[y + d]);
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}
