/**
 * Training scans of the conv-seg model: generated, preprocessed as the worker does (kernels
 * calibrate → area downsample), cut to the container plus a margin of context, with a label per
 * output cell taken from the generator's pixel-exact anomaly mask. Cells an anomaly barely touches
 * are left out of the loss (label IGNORE) rather than called normal or anomalous, and so, when
 * `minAddedAttenuation` is set, are cells the mask covers but where the anomaly adds less than that to
 * the attenuation: a block behind saturated steel is in the mask but not in the image, and calling
 * those cells anomalous teaches the network to flag ordinary cargo.
 */
import { expandMask, generateScan } from '../../fixtures/generator/index.js';
import type { AnomalyKind, CargoKind } from '../../fixtures/generator/types.js';
import type { Kernels, Plane } from '../../kernels/index.js';
import { REACH_FAMILIES } from '../evaluation/test-set.js';
import { IMAGE_ANOMALIES } from '../evaluation/validate.js';
import { findCargoRegion, type Region } from '../inference/cargo-region.js';
import { calibratedAttenuation, downsampleEnergies } from '../inference/model-input.js';
import { segContext, type SegInputSet } from '../inference/seg-input.js';

export const IGNORE = 255;
/** A cell is anomalous when the truth covers at least this share of it; less (but some) is ignored. */
export const POSITIVE_COVERAGE = 0.15;

export interface SegScan {
  seed: number;
  cargo: CargoKind;
  anomaly: AnomalyKind | null;
  /** Container plus margin at model resolution; origin on the cell grid. */
  high: Plane;
  /** Where `high` starts in the full model-resolution image, model pixels. */
  origin: { x: number; y: number };
  /** The container in the full model-resolution image (the position planes measure from it). */
  region: Region;
  /** Image pixels per model pixel. */
  factor: number;
  low?: Plane;
  /** Median attenuation per row of `high` inside the container (the row-context channel). */
  medians: Float32Array;
  /** The load's textures (`loadTexture`, one per top-hat scale of the input set) of the whole scan. */
  textures: readonly number[];
  /** Per cell of `high` (cols × rows): 0 normal, 1 anomalous, IGNORE. */
  labels: Uint8Array;
  cols: number;
  rows: number;
  /** Indices of the anomalous cells, to centre crops on. */
  positives: Int32Array;
  generateMs: number;
}

export interface SegScanOptions {
  modelPixelMm: number;
  cell: number;
  margin: number;
  inputSet: SegInputSet;
  /** Interpolate dead detector rows first (`detectorCorrected`). */
  deadRowRepair: boolean;
  /**
   * Anomaly cells where the anomaly adds less high-energy attenuation than this to every model pixel
   * of the cell are ignored, measured against the same seed generated without it, both after the
   * worker's detector correction (families drawn into an unchanged load, `REACH_FAMILIES`; the
   * evaluation's `addedAttenuation` measures before it); undefined or null: the mask alone decides
   * (conv-seg ≤ 1.6.0).
   */
  minAddedAttenuation?: number | null;
}

export function prepareSegScan(kernels: Kernels, plan: { seed: number; cargo: CargoKind; anomaly: AnomalyKind | null }, options: SegScanOptions): SegScan {
  const started = performance.now();
  const scan = generateScan({ seed: plan.seed, cargo: plan.cargo, anomaly: plan.anomaly, dualEnergy: true });
  const generateMs = performance.now() - started;
  const planes = downsampleEnergies(kernels, calibratedAttenuation(kernels, scan, scan.manifest, options), options.modelPixelMm);
  const { cell, margin } = options;
  const full = planes.high;
  const region = findCargoRegion(full, options.modelPixelMm) ?? { x0: 0, y0: 0, x1: full.width, y1: full.height };
  const x0 = Math.max(0, Math.floor((region.x0 - margin) / cell) * cell);
  const y0 = Math.max(0, Math.floor((region.y0 - margin) / cell) * cell);
  const cols = Math.floor((Math.min(full.width, region.x1 + margin) - x0) / cell);
  const rows = Math.floor((Math.min(full.height, region.y1 + margin) - y0) / cell);
  const crop = (p: Plane): Plane => cropPlane(p, x0, y0, cols * cell, rows * cell);
  const context = segContext(full, region, options.inputSet);
  const medians = context.medians.slice(y0, y0 + rows * cell);
  let mask: Uint8Array | undefined;
  for (const truth of scan.truth.anomalies) {
    if (truth.box.w <= 0 || truth.box.h <= 0 || !IMAGE_ANOMALIES.includes(truth.kind)) continue;
    const one = expandMask(truth, scan.width, scan.height);
    if (!mask) mask = one;
    else for (let i = 0; i < one.length; i++) mask[i] |= one[i];
  }
  const labels = new Uint8Array(cols * rows);
  const positives: number[] = [];
  const min = options.minAddedAttenuation;
  const reach = mask && min != null && plan.anomaly && REACH_FAMILIES.includes(plan.anomaly)
    ? { added: addedHighAttenuation(kernels, full, { seed: plan.seed, cargo: scan.truth.cargo }, options), min }
    : undefined;
  if (mask) {
    const side = cell * planes.factor;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let covered = 0;
        const ix0 = (x0 + c * cell) * planes.factor;
        const iy0 = (y0 + r * cell) * planes.factor;
        for (let y = iy0; y < Math.min(scan.height, iy0 + side); y++) {
          for (let x = ix0; x < Math.min(scan.width, ix0 + side); x++) covered += mask[y * scan.width + x];
        }
        const share = covered / (side * side);
        const t = r * cols + c;
        if (share >= POSITIVE_COVERAGE && (!reach || cellMax(reach.added, full.width, x0 + c * cell, y0 + r * cell, cell) >= reach.min)) {
          labels[t] = 1;
          positives.push(t);
        } else if (share > 0) labels[t] = IGNORE;
      }
    }
  }
  return {
    seed: plan.seed,
    cargo: scan.truth.cargo,
    anomaly: plan.anomaly,
    high: crop(full),
    origin: { x: x0, y: y0 },
    region,
    factor: planes.factor,
    low: planes.low ? crop(planes.low) : undefined,
    medians,
    textures: context.textures,
    labels,
    cols,
    rows,
    positives: Int32Array.from(positives),
    generateMs,
  };
}

/**
 * High-energy attenuation the anomaly adds per model pixel: the scan minus the same seed and load
 * generated without it (the generator draws the same noise, so elsewhere the difference is 0; the
 * high-energy image comes out the same without the low one, at half the cost).
 */
function addedHighAttenuation(kernels: Kernels, withAnomaly: Plane, plan: { seed: number; cargo: CargoKind }, options: SegScanOptions): Float32Array {
  const clean = generateScan({ seed: plan.seed, cargo: plan.cargo, anomaly: null, dualEnergy: false });
  const cleanHigh = downsampleEnergies(kernels, calibratedAttenuation(kernels, clean, clean.manifest, options), options.modelPixelMm).high;
  // A twin of another size would turn every difference into NaN and silently hide every anomaly cell.
  if (cleanHigh.width !== withAnomaly.width || cleanHigh.height !== withAnomaly.height) {
    throw new Error(`Expected the clean twin of seed ${plan.seed} to be ${withAnomaly.width}x${withAnomaly.height} but received ${cleanHigh.width}x${cleanHigh.height}`);
  }
  return withAnomaly.data.map((v, i) => v - cleanHigh.data[i]);
}

/** Largest value of the `side` × `side` block at (x, y) of a row-major plane `width` wide (clipped to it). */
function cellMax(values: Float32Array, width: number, x: number, y: number, side: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let yy = y; yy < Math.min(values.length / width, y + side); yy++) {
    for (let xx = x; xx < Math.min(width, x + side); xx++) max = Math.max(max, values[yy * width + xx]);
  }
  return max;
}

function cropPlane(p: Plane, x0: number, y0: number, width: number, height: number): Plane {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) data.set(p.data.subarray((y0 + y) * p.width + x0, (y0 + y) * p.width + x0 + width), y * width);
  return { data, width, height };
}
