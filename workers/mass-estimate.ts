/**
 * Cargo mass from a transmission image. Along a ray, A = Σ (μ/ρ)·ρ·t, so over a pixel of area a the
 * mass is a·A/(μ/ρ). The cargo space is found from the container's own structure: the roof and the
 * floor are steel/hardwood seen edge-on across the full 2.35 m width, so they show as the longest
 * dense horizontal runs in the image; the cargo lies between them. The side walls' share is the
 * attenuation of the emptiest part of that space, subtracted before summing.
 */
import type { Plane } from '../kernels/index.js';

/** 6 MeV mass attenuation between organic goods (0.0277) and steel (0.0305), cm²/g (domain.md). */
const MASS_ATTENUATION_HIGH = 0.029;
/** Attenuation of an edge-on roof or floor at model resolution comfortably exceeds this. */
const BAND_ATTENUATION = 0.8;
/** Rows whose dense run reaches this fraction of the longest are roof/floor candidates. */
const BAND_RUN_FRACTION = 0.85;
/** Two steel side walls with corrugation: the ceiling on the empty-space baseline. */
const MAX_WALL_ATTENUATION = 0.2;

export interface CargoSpace {
  x0: number;
  x1: number;
  /** First row below the roof. */
  top: number;
  /** Row of the floor (exclusive bound). */
  bottom: number;
}

function longestDenseRun(row: Float32Array): { start: number; length: number } {
  let best = { start: 0, length: 0 };
  let start = -1;
  for (let x = 0; x <= row.length; x++) {
    const dense = x < row.length && row[x]! > BAND_ATTENUATION;
    if (dense && start < 0) start = x;
    if (!dense && start >= 0) {
      if (x - start > best.length) best = { start, length: x - start };
      start = -1;
    }
  }
  return best;
}

/** Locates the container's cargo space, or null when no container structure is visible. */
export function findCargoSpace(att: Plane): CargoSpace | null {
  const runs = Array.from({ length: att.height }, (_, y) => longestDenseRun(att.data.subarray(y * att.width, (y + 1) * att.width)));
  const longest = Math.max(...runs.map((r) => r.length));
  if (longest < att.width * 0.25) return null;
  const bandRows = runs.flatMap((r, y) => (r.length >= BAND_RUN_FRACTION * longest ? [y] : []));
  const roof = bandRows[0]!;
  // The floor: the first band row after a gap below the roof band (cargo rows may also be dense,
  // so fall back to the lowest band row when no gap exists).
  let bottom = bandRows.at(-1)!;
  for (let i = 1; i < bandRows.length; i++) {
    if (bandRows[i]! - bandRows[i - 1]! > 1 && bandRows[i - 1]! - roof <= 2) {
      bottom = bandRows.slice(i).find((y, k, rest) => k === rest.length - 1 || rest[k + 1]! - y > 1) ?? bottom;
      break;
    }
  }
  let top = roof;
  while (top + 1 < att.height && runs[top + 1]!.length >= BAND_RUN_FRACTION * longest && top + 1 < bottom) top++;
  const roofRun = runs[roof]!;
  if (bottom - top < 3) return null;
  return { x0: roofRun.start, x1: roofRun.start + roofRun.length, top: top + 1, bottom };
}

/**
 * Estimated cargo mass in kg.
 * @param pixelMm model pixel pitch in mm
 */
export function estimateCargoMassKg(att: Plane, pixelMm: number): number {
  const space = findCargoSpace(att);
  if (!space) return 0;
  const values: number[] = [];
  for (let y = space.top; y < space.bottom; y++) {
    for (let x = space.x0; x < space.x1; x++) values.push(att.data[y * att.width + x]!);
  }
  if (values.length === 0) return 0;
  const sorted = Float32Array.from(values).sort();
  const walls = Math.min(sorted[Math.floor(sorted.length * 0.05)]!, MAX_WALL_ATTENUATION);
  let sum = 0;
  for (const v of values) sum += Math.max(0, v - walls);
  const pixelAreaCm2 = (pixelMm / 10) ** 2;
  return (sum * pixelAreaCm2) / MASS_ATTENUATION_HIGH / 1000;
}
