/**
 * The evaluation's own test set: generated scans from a seed range no model trains, calibrates or
 * validates on, preprocessed as the worker does (`calibratedAttenuation` → `toModelInput`, its step-by-step twin), with
 * the ground truth kept at full resolution (masks via `expandMask`) and the manifest for the
 * declaration checks.
 */
import { generateScan, expandMask, CARGO_KINDS, type AnomalyKind, type CargoKind, type ContainerKind, ANOMALY_KINDS } from '../../fixtures/generator/index.js';
import { scanManifestSchema, type ScanManifest } from '../../core/scan-manifest.js';
import type { Kernels, RawScan } from '../../kernels/index.js';
import { calibratedAttenuation, toModelInput, type ModelGeometry, type ModelInput } from '../inference/model-input.js';
import { SEED_BASES } from '../training/dataset.js';
import { downsampleMask } from './pixel-auroc.js';

/**
 * First seed of the test set. Training, calibration and validation each own one million from
 * {@link SEED_BASES} (1–4 M); unit tests and the timing scan use 9 M and up.
 */
export const TEST_SEED_BASE = 8_000_000;

export interface TestSetPlan {
  normalScans: number;
  scansPerFamily: number;
  families: readonly AnomalyKind[];
  /** First seed: {@link TEST_SEED_BASE} unless given (the validation set for choosing versions). */
  seedBase?: number;
}

export interface TestScanPlan {
  seed: number;
  cargo: CargoKind;
  anomaly: AnomalyKind | null;
}

/** The full test set: 1000 normal scans (0.1 % false alarms needs ≥ 1000 to resolve) and 60 per family. */
export const FULL_TEST_SET: TestSetPlan = { normalScans: 1000, scansPerFamily: 60, families: ANOMALY_KINDS };

/**
 * First seed of `npm run eval -- --split validation`: inside the validation million, past the scans a
 * training run validates on (`validate.ts`, the first few hundred), so the set is new to every version.
 */
export const VALIDATION_EVAL_SEED_BASE = SEED_BASES.validation + 600_000;

/**
 * The set for choosing between versions (`--split validation`), so that choices never look at the test
 * set: 1000 normal scans and 100 per family (a family's AUROC to about ±0.03 instead of ±0.05).
 */
export const FULL_VALIDATION_SET: TestSetPlan = { normalScans: 1000, scansPerFamily: 100, families: ANOMALY_KINDS, seedBase: VALIDATION_EVAL_SEED_BASE };

/** How many scans a plan holds. */
export function testSetSize(plan: TestSetPlan): number {
  return plan.normalScans + plan.families.length * plan.scansPerFamily;
}

/** Scales a plan's sizes (quick runs), keeping every cargo kind and family present. */
export function scaleTestSet(plan: TestSetPlan, scale: number): TestSetPlan {
  return {
    ...plan,
    normalScans: Math.max(CARGO_KINDS.length, Math.round(plan.normalScans * scale)),
    scansPerFamily: Math.max(1, Math.round(plan.scansPerFamily * scale)),
  };
}

/**
 * Scans of the plan: normal ones cycle over the cargo kinds (the generator pairs containers as
 * traffic does, so every container appears), then each family's scans, cargo cycling likewise
 * (the generator changes the load when a family needs it, e.g. false walls in textiles).
 * @throws RangeError when the plan would leave the test seed range.
 */
export function planTestScans(plan: TestSetPlan): TestScanPlan[] {
  const total = testSetSize(plan);
  // Seeds stay inside the million they start in (the test million, or the rest of the validation one).
  const base = plan.seedBase ?? TEST_SEED_BASE;
  const room = 1_000_000 - (base % 1_000_000);
  if (total > room) throw new RangeError(`Expected at most ${room} scans from seed ${base} but received ${total}`);
  const cargo = (i: number) => CARGO_KINDS[i % CARGO_KINDS.length];
  const scans: TestScanPlan[] = Array.from({ length: plan.normalScans }, (_, i) => ({ seed: base + i, cargo: cargo(i), anomaly: null }));
  plan.families.forEach((family, f) => {
    for (let i = 0; i < plan.scansPerFamily; i++) {
      const index = plan.normalScans + f * plan.scansPerFamily + i;
      scans.push({ seed: base + index, cargo: cargo(index), anomaly: family });
    }
  });
  return scans;
}

/** True when no seed of the test range falls in a training, calibration or validation million. */
export function isDisjointFromModelSeeds(seed: number): boolean {
  return Object.values(SEED_BASES).every((base) => seed < base || seed >= base + 1_000_000)
    // Training's generator anomaly scans sit at training + 500000 and validation may grow to 3.x M.
    && (seed < 1_000_000 || seed >= 5_000_000);
}

export interface GeneratedTestScan extends TestScanPlan {
  container: ContainerKind;
  /** Generator contrast of the anomaly, 0 (barely visible) .. 1 (obvious). */
  contrast?: number;
  /** For {@link REACH_FAMILIES}: the most attenuation the anomaly adds to any 20 mm pixel ({@link addedAttenuation}). */
  addedAttenuation?: number;
  manifest: ScanManifest;
  width: number;
  height: number;
  /** The raw detector images; each model calibrates them its own way (`toModelTestInput`). */
  raw: RawScan;
  /** Share of the cargo space's length the load fills (generator), absent for empty containers. */
  fillLength?: number;
  /** Image-sized ground-truth mask (union of the anomalies); absent for normal scans. */
  mask?: Uint8Array;
  generateMs: number;
}

/** Anomalies drawn into an unchanged load, so the same seed without them is the same scan minus the object. */
export const REACH_FAMILIES: readonly AnomalyKind[] = ['dense-block', 'organic-brick', 'irregular-item'];
/** Pitch at which {@link addedAttenuation} is measured: the conv-seg models' pixel. */
const REACH_PIXEL_MM = 20;

/**
 * How much of an anomaly reaches the detector: the largest high-energy attenuation it adds to any
 * 20 mm pixel, from the scan generated again with the same seed and load but no anomaly. A thin plate
 * or a brick behind near-opaque steel adds almost nothing: no model can see it.
 */
export function addedAttenuation(kernels: Kernels, withAnomaly: Float32Array, seed: number, cargo: CargoKind, manifest: ScanManifest, width: number, height: number): number {
  // The high-energy image comes out the same without the low one, at half the cost.
  const clean = generateScan({ seed, cargo, anomaly: null, dualEnergy: false });
  const cleanHigh = kernels.calibrate(clean.high, manifest.airValue, manifest.darkValue);
  const diff = new Float32Array(withAnomaly.length);
  for (let i = 0; i < diff.length; i++) diff[i] = withAnomaly[i] - cleanHigh[i];
  const factor = Math.max(1, Math.round(REACH_PIXEL_MM / manifest.pixelSizeMm));
  return kernels.downsampleArea(diff, width, height, factor).data.reduce((max, v) => (v > max ? v : max), 0);
}

/** Generates one test scan, once for every model compared. */
export function generateTestScan(kernels: Kernels, plan: TestScanPlan): GeneratedTestScan {
  const started = performance.now();
  const scan = generateScan({ seed: plan.seed, cargo: plan.cargo, anomaly: plan.anomaly, dualEnergy: true });
  const generateMs = performance.now() - started;
  const manifest = scanManifestSchema.parse(scan.manifest);
  let mask: Uint8Array | undefined;
  for (const truth of scan.truth.anomalies) {
    if (truth.box.w <= 0 || truth.box.h <= 0) continue;
    const one = expandMask(truth, scan.width, scan.height);
    if (!mask) mask = one;
    else for (let i = 0; i < one.length; i++) mask[i] |= one[i];
  }
  const contrast = (scan.truth.params.anomaly as { contrast?: unknown } | undefined)?.contrast;
  const fillLength = (scan.truth.params.cargo as { fillLength?: unknown } | undefined)?.fillLength;
  const reach = plan.anomaly && REACH_FAMILIES.includes(plan.anomaly)
    ? addedAttenuation(kernels, kernels.calibrate(scan.high, manifest.airValue, manifest.darkValue), plan.seed, scan.truth.cargo, manifest, scan.width, scan.height)
    : undefined;
  return {
    ...plan,
    cargo: scan.truth.cargo,
    container: scan.truth.container,
    contrast: typeof contrast === 'number' ? contrast : undefined,
    addedAttenuation: reach,
    fillLength: typeof fillLength === 'number' && scan.truth.cargo !== 'empty' ? fillLength : undefined,
    manifest,
    width: scan.width,
    height: scan.height,
    raw: { width: scan.width, height: scan.height, high: scan.high, low: scan.low },
    mask,
    generateMs,
  };
}

/** A test scan at one model's resolution (dead rows repaired if it asks), with the mask on the model grid. */
export function toModelTestInput(kernels: Kernels, scan: GeneratedTestScan, geometry: ModelGeometry): ModelInput & { mask?: Uint8Array } {
  const input = toModelInput(kernels, calibratedAttenuation(kernels, scan.raw, scan.manifest, geometry), geometry);
  const { width, height } = input.attenuation;
  const mask = scan.mask ? downsampleMask(scan.mask, scan.width, scan.height, input.factor, width, height) : undefined;
  return { ...input, mask };
}
