/**
 * `--compare A B`'s verdict: the differences B − A on the same scans with paired bootstrap intervals
 * (`pairedBootstrapDifference`), overall and per image family. Two versions' separate intervals
 * overlap even when one is reliably better; the paired interval says whether the gap is real.
 */
import { pairedBootstrapDifference, type PairedDifference } from './intervals.js';
import { REPORTED_FA_RATES } from './evaluation-report.js';
import { auroc, detectionAt } from './roc.js';
import type { ScanRecord, ScoredTestSet } from './score-test-set.js';
import { IMAGE_ANOMALIES } from './validate.js';

export interface PairedComparison {
  auroc: PairedDifference;
  detection: (PairedDifference & { falseAlarmRate: number })[];
  families: { family: string; auroc: PairedDifference }[];
}

/** Differences of model 1 against model 0 of `scored` (both scored every scan). */
export function compareOnSameScans(scored: ScoredTestSet, replicates: number): PairedComparison {
  const pairs = (rs: ScanRecord[]) => rs.map((r) => [r.verdicts[0].raw, r.verdicts[1].raw] as const);
  const normal = pairs(scored.records.filter((r) => r.anomaly === null));
  const image = scored.records.filter((r) => r.anomaly !== null && IMAGE_ANOMALIES.includes(r.anomaly));
  const families = [...new Set(image.map((r) => r.anomaly!))];
  return {
    auroc: pairedBootstrapDifference(normal, pairs(image), auroc, replicates, 21),
    detection: REPORTED_FA_RATES.map((falseAlarmRate, i) => ({ falseAlarmRate, ...pairedBootstrapDifference(normal, pairs(image), detectionAt(falseAlarmRate), replicates, 22 + i) })),
    families: families.map((family, i) => ({ family, auroc: pairedBootstrapDifference(normal, pairs(image.filter((r) => r.anomaly === family)), auroc, replicates, 30 + i) })),
  };
}

/**
 * Which model the paired interval favours, judged on the unrounded bounds (an interval printed as
 * [+0.000, +0.018] may still reach below zero): 'B' when it lies above zero, 'A' below, undefined when it holds zero.
 */
export function clearlyAhead(d: PairedDifference): 'A' | 'B' | undefined {
  if (d.interval.low > 0) return 'B';
  if (d.interval.high < 0) return 'A';
  return undefined;
}
