/**
 * Turns scored test scans into the evaluation's figures for one model: image-level ROC area, PR area
 * and detection at 1 % and 0.1 % false alarms with 95 % intervals, per anomaly family and per cargo
 * kind, pixel ROC area, false alarms on normal scans per cargo kind and container, and the
 * false-alarm rate achieved at the configured p-value thresholds against its target.
 */
import type { AnomalyKind } from '../../fixtures/generator/index.js';
import type { LaneThresholds } from '../../workers/risk-fusion.js';
import { bootstrapInterval, wilsonInterval, type Interval } from './intervals.js';
import { auroc, averagePrecision, detectionAt, operatingPoint, rocCurve, type RocPoint } from './roc.js';
import type { ScanRecord, ScoredTestSet } from './score-test-set.js';
import { DECLARATION_ANOMALIES, IMAGE_ANOMALIES } from './validate.js';

/** False-alarm rates the detection is reported at. */
export const REPORTED_FA_RATES = [0.01, 0.001] as const;

export interface Detection {
  falseAlarmRate: number;
  rate: number;
  /** Bootstrap 95 %: resamples normal and anomalous scans, so the threshold's own error is in it. */
  interval: Interval;
  threshold: number;
  /** False alarms the threshold actually gives on the test's normal scans. */
  achievedFalseAlarms: number;
}

export interface ScoreMetrics {
  normal: number;
  anomalous: number;
  auroc: number;
  aurocInterval: Interval;
  aupr: number;
  auprInterval: Interval;
  /** AUPR of random scores: the anomalous share. */
  auprBaseline: number;
  detection: Detection[];
}

export interface Rate {
  k: number;
  n: number;
  rate: number;
  /** Wilson 95 %. */
  interval: Interval;
}

export interface FamilyRow {
  family: AnomalyKind;
  /** `image`: the image model's job; `declaration`: left to the worker's declaration checks. */
  scope: 'image' | 'declaration';
  /** Whether this model saw the family in training (null: unknown for this version). */
  trained: boolean | null;
  metrics: ScoreMetrics;
  pixelAuroc: number;
  yellow: Rate;
  red: Rate;
  /** Yellow with a finding on the truth. */
  located: Rate;
  /** The worker's lane (model and declaration checks) is not green. */
  workerFlagged: Rate;
  /** Declaration checks alone flag the scan. */
  declarationFlagged: Rate;
}

export interface GroupRow {
  group: string;
  metrics: ScoreMetrics;
}

export interface FalseAlarmRow {
  group: string;
  yellow: Rate;
  red: Rate;
  /** Worker lane not green (adds declaration-check false alarms). */
  workerFlagged: Rate;
}

export interface EvaluationReport {
  model: string;
  trainedFamilies: readonly AnomalyKind[] | null;
  scans: number;
  overall: ScoreMetrics;
  roc: { overall: RocPoint[]; byFamily: Record<string, RocPoint[]> };
  families: FamilyRow[];
  byCargo: GroupRow[];
  /** Image anomalies that carry `addedAttenuation`, by {@link REACH_BANDS}, empty bands left out. */
  byReach: GroupRow[];
  falseAlarmsByCargo: FalseAlarmRow[];
  falseAlarmsByContainer: FalseAlarmRow[];
  /** By how much of the container's length the load fills: half-full loads must not alarm. */
  falseAlarmsByLoad: FalseAlarmRow[];
  /** Achieved false-alarm rate on normal scans at each configured p-value threshold. */
  achieved: { lane: 'yellow' | 'red'; target: number; rate: Rate; withinInterval: boolean }[];
  /** `model.score` per test scan; `sharedCores` when a helper thread scored scans at the same time (slower than alone). */
  timing: { medianMs: number; p95Ms: number; sharedCores?: boolean };
  /** `timeInference` on the fixed 40 ft dual-energy timing scan, when measured. */
  standardScan?: { medianMs: number; p95Ms: number; runs: number; size: string };
}

export interface SummariseOptions {
  thresholds: LaneThresholds;
  trainedFamilies: readonly AnomalyKind[] | null;
  /** Bootstrap replicates (1000 for the full run). */
  replicates: number;
}

/** Computes model `m`'s report from a scored test set. */
export function summariseModel(scored: ScoredTestSet, m: number, modelName: string, options: SummariseOptions): EvaluationReport {
  const { records } = scored;
  const raw = (rs: ScanRecord[]) => rs.map((r) => r.verdicts[m].raw);
  const normal = records.filter((r) => r.anomaly === null);
  const image = records.filter((r) => r.anomaly !== null && IMAGE_ANOMALIES.includes(r.anomaly));
  const metrics = (anomalous: ScanRecord[], normals = normal) => scoreMetrics(raw(normals), raw(anomalous), options.replicates);
  const rate = (rs: ScanRecord[], test: (r: ScanRecord) => boolean) => proportion(rs.filter(test).length, rs.length);
  const yellow = (r: ScanRecord) => r.verdicts[m].pValue <= options.thresholds.yellowPValue;
  const red = (r: ScanRecord) => r.verdicts[m].pValue <= options.thresholds.redPValue;
  const worker = (r: ScanRecord) => r.verdicts[m].lane !== 'green';
  const families = [...new Set(records.flatMap((r) => (r.anomaly ? [r.anomaly] : [])))];
  const falseAlarms = (key: (r: ScanRecord) => string) =>
    groups(normal, key).map(([group, rs]) => ({ group, yellow: rate(rs, yellow), red: rate(rs, red), workerFlagged: rate(rs, worker) }));
  const ms = records.map((r) => r.verdicts[m].ms).sort((a, b) => a - b);
  return {
    model: modelName,
    trainedFamilies: options.trainedFamilies,
    scans: records.length,
    overall: metrics(image),
    roc: {
      overall: rocCurve(raw(normal), raw(image)),
      byFamily: Object.fromEntries(families.map((f) => [f, rocCurve(raw(normal), raw(records.filter((r) => r.anomaly === f)))])),
    },
    families: families.map((family) => {
      const rs = records.filter((r) => r.anomaly === family);
      return {
        family,
        scope: DECLARATION_ANOMALIES.includes(family) ? 'declaration' : 'image',
        trained: options.trainedFamilies ? options.trainedFamilies.includes(family) : null,
        metrics: metrics(rs),
        pixelAuroc: scored.pixels[m].get(family)?.auroc() ?? Number.NaN,
        yellow: rate(rs, yellow),
        red: rate(rs, red),
        located: rate(rs, (r) => yellow(r) && r.verdicts[m].located),
        workerFlagged: rate(rs, worker),
        declarationFlagged: rate(rs, (r) => r.declaration !== null),
      } satisfies FamilyRow;
    }),
    byCargo: groups(records, (r) => r.cargo).map(([group, rs]) => ({
      group,
      metrics: metrics(rs.filter((r) => r.anomaly !== null && IMAGE_ANOMALIES.includes(r.anomaly)), rs.filter((r) => r.anomaly === null)),
    })),
    byReach: REACH_BANDS.flatMap((band) => {
      const rs = records.filter((r) => r.addedAttenuation !== undefined && reachBand(r.addedAttenuation) === band);
      return rs.length > 0 ? [{ group: band.label, metrics: metrics(rs) }] : [];
    }),
    falseAlarmsByCargo: falseAlarms((r) => r.cargo),
    falseAlarmsByContainer: falseAlarms((r) => r.container),
    falseAlarmsByLoad: falseAlarms(loadGroup),
    achieved: (['yellow', 'red'] as const).map((lane) => {
      const target = lane === 'yellow' ? options.thresholds.yellowPValue : options.thresholds.redPValue;
      const achieved = rate(normal, lane === 'yellow' ? yellow : red);
      return { lane, target, rate: achieved, withinInterval: achieved.interval.low <= target && target <= achieved.interval.high };
    }),
    timing: { medianMs: ms[Math.floor(ms.length / 2)] ?? Number.NaN, p95Ms: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))] ?? Number.NaN },
  };
}

/** ROC area, PR area and detection at {@link REPORTED_FA_RATES}, each with a 95 % bootstrap interval. */
export function scoreMetrics(normal: number[], anomalous: number[], replicates: number): ScoreMetrics {
  return {
    normal: normal.length,
    anomalous: anomalous.length,
    auroc: auroc(normal, anomalous),
    aurocInterval: bootstrapInterval(normal, anomalous, auroc, replicates, 11),
    aupr: averagePrecision(normal, anomalous),
    auprInterval: bootstrapInterval(normal, anomalous, averagePrecision, replicates, 12),
    auprBaseline: anomalous.length / Math.max(1, normal.length + anomalous.length),
    detection: REPORTED_FA_RATES.map((falseAlarmRate, i) => {
      const op = operatingPoint(normal, anomalous, falseAlarmRate);
      return {
        falseAlarmRate,
        rate: op.anomalous === 0 ? Number.NaN : op.detected / op.anomalous,
        interval: bootstrapInterval(normal, anomalous, detectionAt(falseAlarmRate), replicates, 13 + i),
        threshold: op.threshold,
        achievedFalseAlarms: op.falseAlarms,
      };
    }),
  };
}

/** Bands of the attenuation an anomaly adds (`addedAttenuation`), each below `below`. */
export const REACH_BANDS = [
  { label: '< 0.5 (barely reaches the detector)', below: 0.5 },
  { label: '0.5–2', below: 2 },
  { label: '≥ 2', below: Number.POSITIVE_INFINITY },
] as const;

/** The band of {@link REACH_BANDS} that `added` falls in. */
export function reachBand(added: number): (typeof REACH_BANDS)[number] {
  return REACH_BANDS.find((b) => added < b.below) ?? REACH_BANDS[REACH_BANDS.length - 1];
}

/**
 * Partial loads fill less than 80 % of the cargo space's length (the generator draws 45-100 % for
 * stacked goods); machinery, steel and mixed cargo are placed item by item and record no fill.
 */
export function loadGroup(r: Pick<ScanRecord, 'fillLength' | 'cargo'>): string {
  if (r.cargo === 'empty') return 'empty container';
  if (r.fillLength === undefined) return 'item by item (machinery, steel, mixed)';
  return r.fillLength < 0.8 ? 'partial (< 80 % of the length)' : 'full (≥ 80 % of the length)';
}

function proportion(k: number, n: number): Rate {
  return { k, n, rate: n === 0 ? Number.NaN : k / n, interval: wilsonInterval(k, n) };
}

function groups(records: ScanRecord[], key: (r: ScanRecord) => string): [string, ScanRecord[]][] {
  return [...new Set(records.map(key))].sort().map((g) => [g, records.filter((r) => key(r) === g)]);
}
