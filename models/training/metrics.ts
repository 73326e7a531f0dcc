/**
 * Scan-level detection metrics for the model card: ROC area and detection rate at a fixed
 * false-alarm rate, both from raw scores of normal and anomalous scans.
 */

/**
 * Area under the ROC curve: the probability that a random anomalous scan outscores a random normal
 * one, ties counting one half (Mann-Whitney U / (n₀·n₁)).
 * @example auroc([0, 1], [2, 3]) // 1
 */
export function auroc(normal: readonly number[], anomalous: readonly number[]): number {
  if (normal.length === 0 || anomalous.length === 0) return Number.NaN;
  const sorted = [...normal].sort((a, b) => a - b);
  let wins = 0;
  for (const s of anomalous) {
    const below = countBelow(sorted, s);
    const ties = countBelow(sorted, s, true) - below;
    wins += below + ties / 2;
  }
  return wins / (normal.length * anomalous.length);
}

/**
 * Fraction of anomalous scans above the threshold that lets at most `falseAlarmRate` of the normal
 * scans through (the threshold is the normal scores' (1 − rate) order statistic).
 */
export function detectionAtFalseAlarm(normal: readonly number[], anomalous: readonly number[], falseAlarmRate: number): { detection: number; threshold: number } {
  const sorted = [...normal].sort((a, b) => b - a);
  const allowed = Math.floor(falseAlarmRate * sorted.length);
  const threshold = sorted[Math.min(allowed, sorted.length - 1)];
  const detected = anomalous.filter((s) => s > threshold).length;
  return { detection: anomalous.length === 0 ? Number.NaN : detected / anomalous.length, threshold };
}

/** Number of sorted entries below `value` (or at most `value` when `inclusive`). */
function countBelow(sorted: readonly number[], value: number, inclusive = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value || (inclusive && sorted[mid] === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
