/**
 * Generated scans for training, calibration and validation: disjoint seed ranges, a balanced cycle
 * over container and cargo kinds, and the same preprocessing as the worker (kernels calibrate →
 * area downsample → dual ratio) so the model is trained on exactly what it will see.
 */
import { generateScan } from '../../fixtures/generator/index.js';
import { CARGO_KINDS, type AnomalyKind, type CargoKind, type ContainerKind } from '../../fixtures/generator/types.js';
import type { Kernels, Plane } from '../../kernels/index.js';
import { calibratedAttenuation, downsampleEnergies } from '../inference/model-input.js';

/**
 * Seed ranges, disjoint by construction (each split gets its own million). Tests use seeds from
 * 9,000,000 up, outside all of them.
 */
export const SEED_BASES = { training: 1_000_000, calibration: 2_000_000, validation: 3_000_000 } as const;
export type Split = keyof typeof SEED_BASES;

export interface ScanPlan {
  seed: number;
  cargo: CargoKind;
  anomaly: AnomalyKind | null;
}

export interface PreparedScan extends ScanPlan {
  container: ContainerKind;
  high: Plane;
  low?: Plane;
  /** Image pixels per model pixel. */
  factor: number;
  /** Ground-truth anomaly boxes in model pixels. */
  boxes: { kind: AnomalyKind; x: number; y: number; w: number; h: number }[];
  /** The generator's parameters of the anomaly (material, sizes), when there is one. */
  anomalyParams?: Record<string, unknown>;
  /** Milliseconds the generator took for this scan. */
  generateMs: number;
}

/**
 * The i-th scan of a split: cargo kinds cycle so every run of 8 scans covers each once; the
 * generator picks the container from the seed the way traffic pairs them (seafood in reefers,
 * steel in 20 ft boxes), so the normal variety is realistic.
 */
export function planScan(split: Split, index: number, anomaly: AnomalyKind | null = null): ScanPlan {
  return { seed: SEED_BASES[split] + index, cargo: CARGO_KINDS[index % CARGO_KINDS.length], anomaly };
}

/**
 * Generates one scan and brings it to model resolution with the kernels.
 * @param deadRowRepair interpolate dead detector rows first, as the model's meta asks (`calibratedAttenuation`).
 */
export function prepareScan(kernels: Kernels, plan: ScanPlan, modelPixelMm: number, deadRowRepair = false): PreparedScan {
  const started = performance.now();
  const scan = generateScan({ seed: plan.seed, cargo: plan.cargo, anomaly: plan.anomaly, dualEnergy: true });
  const generateMs = performance.now() - started;
  const planes = downsampleEnergies(kernels, calibratedAttenuation(kernels, scan, scan.manifest, { deadRowRepair }), modelPixelMm);
  const f = planes.factor;
  const boxes = scan.truth.anomalies
    .filter((a) => a.box.w > 0 && a.box.h > 0)
    .map((a) => ({
      kind: a.kind,
      x: Math.floor(a.box.x / f),
      y: Math.floor(a.box.y / f),
      w: Math.ceil((a.box.x + a.box.w) / f) - Math.floor(a.box.x / f),
      h: Math.ceil((a.box.y + a.box.h) / f) - Math.floor(a.box.y / f),
    }));
  const anomalyParams = (scan.truth.params.anomaly ?? undefined) as Record<string, unknown> | undefined;
  return { ...plan, anomalyParams, cargo: scan.truth.cargo, container: scan.truth.container, high: planes.high, low: planes.low, factor: f, boxes, generateMs };
}

/** A copy of the planes, so injections never touch the clean scan. */
export function clonePlanes(scan: PreparedScan): { high: Plane; low?: Plane } {
  const copy = (p: Plane): Plane => ({ data: p.data.slice(), width: p.width, height: p.height });
  return { high: copy(scan.high), low: scan.low ? copy(scan.low) : undefined };
}
