/**
 * Runs one or more models over the same generated test scans: each scan is generated and
 * calibrated once, then preprocessed at each model's resolution and scored (dual energy, as the
 * worker does), with the declaration checks and risk fusion of the worker applied on top. Pixel
 * ROC accumulators collect heatmap against mask per model and family.
 */
import type { AnomalyKind, CargoKind, ContainerKind } from '../../fixtures/generator/index.js';
import type { Kernels } from '../../kernels/index.js';
import { checkDeclaration } from '../../workers/declaration-checks.js';
import type { Lane } from '../../core/store/schema.js';
import { fuseRisk, type LaneThresholds } from '../../workers/risk-fusion.js';
import type { AnomalyModel } from '../inference/anomaly-model.js';
import { shareWork } from '../training/share-work.js';
import { PixelRoc } from './pixel-auroc.js';
import { generateTestScan, toModelTestInput, type TestScanPlan } from './test-set.js';

/** One model's verdict on one scan. */
export interface ModelVerdict {
  raw: number;
  pValue: number;
  /** A finding box overlaps the ground-truth mask (model grid). */
  located: boolean;
  /** `model.score` wall time. */
  ms: number;
  /** The worker's fused lane and score (model + declaration checks). */
  lane: Lane;
  fusedScore: number;
}

export interface ScanRecord {
  seed: number;
  cargo: CargoKind;
  container: ContainerKind;
  anomaly: AnomalyKind | null;
  contrast?: number;
  /** Most attenuation the anomaly adds to a 20 mm pixel (`addedAttenuation`), for the families that have it. */
  addedAttenuation?: number;
  /** Share of the cargo space's length the load fills; absent for empty containers. */
  fillLength?: number;
  /** Severity of the worst declaration check, or null when the checks pass. */
  declaration: 'yellow' | 'red' | null;
  /** Per model, in the order the models were given. */
  verdicts: ModelVerdict[];
}

export interface ScoredTestSet {
  records: ScanRecord[];
  /** Per model: pixel ROC per anomaly family (that family's scans only). */
  pixels: Map<AnomalyKind, PixelRoc>[];
  generateMs: number;
}

export interface ScoreOptions {
  thresholds: LaneThresholds;
  weightTolerance: number;
  /** Called after each scan with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** One scan scored by every model: its record and, per model, the pixel ROC counts of its heatmap (anomalous scans only). */
export interface ScoredTestScan {
  record: ScanRecord;
  pixels: (Pick<PixelRoc, 'positive' | 'negative'> | undefined)[];
  generateMs: number;
}

/** Scores test scans on another thread (`ScoringHelper.testScan`), with the same models in the same order. */
export type TestScanScorer = (plan: TestScanPlan) => Promise<ScoredTestScan>;

/**
 * @param models one model, or two to compare on identical scans.
 * @param helper another thread scoring some of the scans with the same models: a scan's result does
 *   not depend on which thread scored it (same backend, same functions), only the wall times do.
 */
export async function scoreTestSet(kernels: Kernels, models: readonly AnomalyModel[], plans: readonly TestScanPlan[], options: ScoreOptions, helper?: TestScanScorer): Promise<ScoredTestSet> {
  const pixels = models.map(() => new Map<AnomalyKind, PixelRoc>());
  // Each scan's pixel counts are merged as it arrives instead of held until the end (64 KB per model and anomalous scan).
  const merged = async (scored: Promise<ScoredTestScan>) => {
    const { record, pixels: counts, generateMs } = await scored;
    for (const [m, scan] of counts.entries()) {
      if (!scan || !record.anomaly) continue;
      const roc = pixels[m].get(record.anomaly) ?? new PixelRoc();
      roc.merge(scan);
      pixels[m].set(record.anomaly, roc);
    }
    return { record, generateMs };
  };
  const scans = await shareWork(
    plans.length,
    (i) => merged(scoreTestScan(kernels, models, plans[i], options)),
    helper && ((i) => merged(helper(plans[i]))),
    options.onProgress,
  );
  return { records: scans.map((s) => s.record), pixels, generateMs: scans.reduce((sum, s) => sum + s.generateMs, 0) };
}

/** Generates one test scan and scores it with every model, as the worker would. */
export async function scoreTestScan(kernels: Kernels, models: readonly AnomalyModel[], plan: TestScanPlan, options: Pick<ScoreOptions, 'thresholds' | 'weightTolerance'>): Promise<ScoredTestScan> {
  const scan = generateTestScan(kernels, plan);
  let declaration: ScanRecord['declaration'] = null;
  const verdicts: ModelVerdict[] = [];
  const pixels: ScoredTestScan['pixels'] = [];
  for (const [m, model] of models.entries()) {
    const input = toModelTestInput(kernels, scan, model);
    const started = performance.now();
    const out = await model.score({ attenuation: input.attenuation, ratio: input.ratio });
    const ms = performance.now() - started;
    // The worker runs the checks on the first model's input; the estimate barely depends on pitch.
    const checks = checkDeclaration(scan.manifest, input, input.factor * scan.manifest.pixelSizeMm, { WEIGHT_TOLERANCE: options.weightTolerance });
    if (m === 0) declaration = checks.some((c) => c.severity === 'red') ? 'red' : checks.length > 0 ? 'yellow' : null;
    const risk = fuseRisk({ pValue: out.pValue, calibratedScore: out.calibratedScore, findings: [] }, checks, options.thresholds);
    const located = input.mask !== undefined && out.findings.some((f) => boxHitsMask(f.box, input.mask!, input.attenuation.width));
    verdicts.push({ raw: out.rawScore, pValue: out.pValue, located, ms, lane: risk.lane, fusedScore: risk.score });
    let roc: PixelRoc | undefined;
    if (scan.anomaly && input.mask) {
      roc = new PixelRoc();
      roc.add(out.heatmap, input.mask);
    }
    pixels.push(roc);
  }
  const record: ScanRecord = { seed: scan.seed, cargo: scan.cargo, container: scan.container, anomaly: scan.anomaly, contrast: scan.contrast, addedAttenuation: scan.addedAttenuation, fillLength: scan.fillLength, declaration, verdicts };
  return { record, pixels, generateMs: scan.generateMs };
}

function boxHitsMask(box: { x: number; y: number; w: number; h: number }, mask: Uint8Array, width: number): boolean {
  const height = mask.length / width;
  for (let y = Math.max(0, box.y); y < Math.min(height, box.y + box.h); y++) {
    for (let x = Math.max(0, box.x); x < Math.min(width, box.x + box.w); x++) if (mask[y * width + x]) return true;
  }
  return false;
}
