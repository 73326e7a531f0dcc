/**
 * Scan-level detection metrics from raw scores of normal (negative) and anomalous (positive) scans:
 * the ROC curve, its area, the area under the precision-recall curve and the detection rate at a
 * fixed false-alarm rate. Pure functions; higher score means "more anomalous".
 */

export interface RocPoint {
  /** False-alarm rate: fraction of normal scans scoring at or above `threshold`. */
  fpr: number;
  /** Detection rate: fraction of anomalous scans scoring at or above `threshold`. */
  tpr: number;
  threshold: number;
}

/**
 * ROC curve from (+∞, 0, 0) to (−∞, 1, 1), one point per distinct score; tied scores move both
 * rates at once (a diagonal step), which is what makes the trapezoid area equal Mann-Whitney's.
 * @example rocCurve([0, 1], [2, 3]).map((p) => [p.fpr, p.tpr]) // [[0,0],[0,0.5],[0,1],[0.5,1],[1,1]]
 */
export function rocCurve(normal: readonly number[], anomalous: readonly number[]): RocPoint[] {
  const all = [...normal.map((s) => ({ s, positive: false })), ...anomalous.map((s) => ({ s, positive: true }))];
  all.sort((a, b) => b.s - a.s);
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY }];
  let fp = 0;
  let tp = 0;
  for (let i = 0; i < all.length; ) {
    const s = all[i].s;
    while (i < all.length && all[i].s === s) {
      if (all[i].positive) tp++;
      else fp++;
      i++;
    }
    points.push({ fpr: normal.length ? fp / normal.length : 0, tpr: anomalous.length ? tp / anomalous.length : 0, threshold: s });
  }
  return points;
}

/**
 * Area under the ROC curve: the probability that a random anomalous scan outscores a random normal
 * one, ties counting one half. NaN when either side is empty.
 * @example auroc([0, 1], [2, 3]) // 1
 */
export function auroc(normal: readonly number[], anomalous: readonly number[]): number {
  if (normal.length === 0 || anomalous.length === 0) return Number.NaN;
  const curve = rocCurve(normal, anomalous);
  let area = 0;
  for (let i = 1; i < curve.length; i++) {
    area += ((curve[i].fpr - curve[i - 1].fpr) * (curve[i].tpr + curve[i - 1].tpr)) / 2;
  }
  return area;
}

/**
 * Area under the precision-recall curve as average precision: the mean, over anomalous scans, of
 * the precision at the threshold that first includes them (ties share one threshold). Its value for
 * random scores is the anomaly share, not 0.5: read it beside that base rate.
 * @example averagePrecision([0, 1], [2, 3]) // 1
 */
export function averagePrecision(normal: readonly number[], anomalous: readonly number[]): number {
  if (anomalous.length === 0) return Number.NaN;
  const curve = rocCurve(normal, anomalous);
  let ap = 0;
  for (let i = 1; i < curve.length; i++) {
    const tp = curve[i].tpr * anomalous.length;
    const fp = curve[i].fpr * normal.length;
    const recallGain = curve[i].tpr - curve[i - 1].tpr;
    if (recallGain > 0) ap += recallGain * (tp / (tp + fp));
  }
  return ap;
}

export interface OperatingPoint {
  /** Scores strictly above this alarm. */
  threshold: number;
  /** Anomalous scans above the threshold. */
  detected: number;
  anomalous: number;
  /** Normal scans above the threshold (at most floor(rate · n)). */
  falseAlarms: number;
  normal: number;
}

/**
 * The strictest operating point whose false alarms on these normal scans stay within
 * `falseAlarmRate`: the threshold is the normal scores' (floor(rate·n)+1)-th highest value and
 * scores strictly above it alarm. With fewer than 1/rate normal scans that is the highest normal
 * score (zero false alarms), so the rate actually resolved is 1/n, not `falseAlarmRate`.
 */
export function operatingPoint(normal: readonly number[], anomalous: readonly number[], falseAlarmRate: number): OperatingPoint {
  const sorted = [...normal].sort((a, b) => b - a);
  const allowed = Math.floor(falseAlarmRate * sorted.length + 1e-9);
  const threshold = sorted.length === 0 ? Number.NEGATIVE_INFINITY : sorted[Math.min(allowed, sorted.length - 1)];
  return {
    threshold,
    detected: anomalous.filter((s) => s > threshold).length,
    anomalous: anomalous.length,
    falseAlarms: normal.filter((s) => s > threshold).length,
    normal: normal.length,
  };
}

/** Detection rate at `falseAlarmRate` as a statistic of (normal, anomalous) scores, for the bootstraps; NaN without anomalies. */
export function detectionAt(falseAlarmRate: number): (normal: readonly number[], anomalous: readonly number[]) => number {
  return (normal, anomalous) => {
    const op = operatingPoint(normal, anomalous, falseAlarmRate);
    return op.anomalous === 0 ? Number.NaN : op.detected / op.anomalous;
  };
}
