/**
 * Scan-level validation on generated scans from the validation seed range (disjoint from training
 * and calibration): ROC area and detection at 1 % false alarms for the anomalies the image model is
 * meant to see, detection per anomaly kind at the yellow/red p-values, false alarms per cargo kind
 * and container, and whether findings point at the truth.
 */
import type { AnomalyKind } from '../../fixtures/generator/types.js';
import type { Kernels } from '../../kernels/index.js';
import type { AnomalyModel } from '../inference/anomaly-model.js';
import { ratioPlane } from '../inference/model-input.js';
import { auroc, detectionAtFalseAlarm } from '../training/metrics.js';
import { planScan, prepareScan, type PreparedScan, type ScanPlan } from '../training/dataset.js';
import type { ScoringHelper } from '../training/scoring-helper.js';
import { shareWork } from '../training/share-work.js';

/** Anomalies visible as local image content: the image model's job. */
export const IMAGE_ANOMALIES: readonly AnomalyKind[] = ['dense-block', 'organic-brick', 'irregular-item', 'false-wall'];
/** Anomalies of the declaration (or the whole load), left to risk fusion; reported for honesty. */
export const DECLARATION_ANOMALIES: readonly AnomalyKind[] = ['cargo-in-empty', 'weight-mismatch', 'hs-mismatch'];

export interface ValidationPlan {
  normalScans: number;
  anomalyKinds: readonly AnomalyKind[];
  scansPerKind: number;
  yellowPValue: number;
  redPValue: number;
}

interface Scored {
  raw: number;
  pValue: number;
  /** A finding box overlaps a ground-truth box. */
  located: boolean;
}

export interface ScanResult {
  seed: number;
  cargo: string;
  container: string;
  anomaly: AnomalyKind | null;
  /** The generator's anomaly contrast, 0 (barely visible) .. 1 (obvious). */
  contrast?: number;
  dual: Scored;
  single: Scored;
}

export interface RateRow {
  group: string;
  scans: number;
  yellow: number;
  red: number;
  located?: number;
}

export interface ValidationReport {
  plan: ValidationPlan;
  results: ScanResult[];
  /** Per input kind (dual / single energy), over {@link IMAGE_ANOMALIES} present in the plan. */
  metrics: Record<'dual' | 'single', { auroc: number; detectionAt1PctFa: number; normal: number; anomalous: number }>;
  /** The same, dual energy, over image anomalies of generator contrast ≥ 0.5 only. */
  visibleMetrics: { auroc: number; detectionAt1PctFa: number; normal: number; anomalous: number };
  /** Dual-energy detection per anomaly kind at the yellow and red p-values. */
  detectionByKind: RateRow[];
  /** Dual-energy false alarms on normal scans per cargo kind and per container. */
  falseAlarmsByCargo: RateRow[];
  falseAlarmsByContainer: RateRow[];
}

/** The validation scans of `plan`: normal ones first, then each anomaly kind in turn. */
function validationPlans(plan: ValidationPlan): ScanPlan[] {
  return [
    ...Array.from({ length: plan.normalScans }, (_, i) => planScan('validation', i)),
    ...plan.anomalyKinds.flatMap((kind, k) =>
      Array.from({ length: plan.scansPerKind }, (_, i) => planScan('validation', plan.normalScans + k * plan.scansPerKind + i, kind)),
    ),
  ];
}

/**
 * Scores the validation scans with `model`, dual- and single-energy.
 * @param onProgress called after each scan with (done, total).
 * @param helper a second thread holding the same network and meta (`helper.load`); each scan is scored
 *   by whichever thread is free, with the same results.
 */
export async function validateModel(
  kernels: Kernels,
  model: AnomalyModel,
  plan: ValidationPlan,
  onProgress?: (done: number, total: number) => void,
  helper?: Pick<ScoringHelper, 'validationScan'>,
): Promise<ValidationReport> {
  const plans = validationPlans(plan);
  const results = await shareWork(
    plans.length,
    (i) => validateScan(kernels, model, plans[i]),
    helper && ((i) => helper.validationScan(plans[i])),
    onProgress,
  );
  return summarise(plan, results);
}

/** One validation scan, generated from its plan and scored with and without the low-energy image. */
export async function validateScan(kernels: Kernels, model: AnomalyModel, scanPlan: ScanPlan): Promise<ScanResult> {
  const scan = prepareScan(kernels, scanPlan, model.modelPixelMm, model.deadRowRepair);
  const ratio = scan.low ? ratioPlane(kernels, scan.high, scan.low, model.ratioMinAttenuation) : undefined;
  return {
    seed: scan.seed,
    cargo: scan.cargo,
    container: scan.container,
    anomaly: scan.anomaly,
    contrast: typeof scan.anomalyParams?.contrast === 'number' ? scan.anomalyParams.contrast : undefined,
    dual: await scoreOne(model, scan, ratio),
    single: await scoreOne(model, scan, undefined),
  };
}

async function scoreOne(model: AnomalyModel, scan: PreparedScan, ratio: PreparedScan['high'] | undefined): Promise<Scored> {
  const out = await model.score({ attenuation: scan.high, ratio });
  const located = out.findings.some((f) => scan.boxes.some((b) => overlaps(f.box, b)));
  return { raw: out.rawScore, pValue: out.pValue, located };
}

function overlaps(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Computes the report's metrics from per-scan results. */
export function summarise(plan: ValidationPlan, results: ScanResult[]): ValidationReport {
  const normal = results.filter((r) => r.anomaly === null);
  const image = results.filter((r) => r.anomaly !== null && IMAGE_ANOMALIES.includes(r.anomaly));
  const metric = (input: 'dual' | 'single', anomalies = image) => {
    const n = normal.map((r) => r[input].raw);
    const a = anomalies.map((r) => r[input].raw);
    return { auroc: auroc(n, a), detectionAt1PctFa: detectionAtFalseAlarm(n, a, 0.01).detection, normal: n.length, anomalous: a.length };
  };
  const rates = (group: string, rows: ScanResult[], withLocation: boolean): RateRow => ({
    group,
    scans: rows.length,
    yellow: fraction(rows, (r) => r.dual.pValue <= plan.yellowPValue),
    red: fraction(rows, (r) => r.dual.pValue <= plan.redPValue),
    ...(withLocation ? { located: fraction(rows, (r) => r.dual.pValue <= plan.yellowPValue && r.dual.located) } : {}),
  });
  const groupBy = (rows: ScanResult[], key: (r: ScanResult) => string, withLocation = false) =>
    [...new Set(rows.map(key))].sort().map((g) => rates(g, rows.filter((r) => key(r) === g), withLocation));
  return {
    plan,
    results,
    metrics: { dual: metric('dual'), single: metric('single') },
    visibleMetrics: metric('dual', image.filter((r) => (r.contrast ?? 0) >= 0.5)),
    detectionByKind: groupBy(results.filter((r) => r.anomaly !== null), (r) => r.anomaly!, true),
    falseAlarmsByCargo: groupBy(normal, (r) => r.cargo),
    falseAlarmsByContainer: groupBy(normal, (r) => r.container),
  };
}

function fraction(rows: ScanResult[], test: (r: ScanResult) => boolean): number {
  return rows.length === 0 ? Number.NaN : rows.filter(test).length / rows.length;
}
