/**
 * Confidence intervals for the evaluation: Wilson score intervals for proportions (detection and
 * false-alarm rates) and a seeded percentile bootstrap for statistics of two samples (AUROC, AUPR,
 * detection at a false-alarm rate whose threshold is itself estimated from the normal scans).
 */
import { Rng } from '../../fixtures/generator/prng.js';

export interface Interval {
  low: number;
  high: number;
}

/** Two-sided 95 % normal quantile. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for k successes in n trials; stays inside [0, 1] and is sensible at k = 0
 * or k = n, where the Wald interval collapses to a point. NaN bounds when n = 0.
 * @example wilsonInterval(0, 100) // { low: 0, high: ≈0.037 }
 */
export function wilsonInterval(k: number, n: number, z = Z_95): Interval {
  if (n === 0) return { low: Number.NaN, high: Number.NaN };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Exact bounds at the edges: the closed form leaves rounding dust (1e-18) where the answer is 0 or 1.
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

/** The fixture generator's Mulberry32 as a function; the bootstrap must give the same interval on every run. */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/**
 * Percentile bootstrap: resamples normal and anomalous scores independently (stratified, so every
 * replicate keeps both classes) and takes the 2.5 / 97.5 % quantiles of the statistic.
 * @param statistic e.g. `auroc`
 * @param replicates 1000 gives stable 95 % bounds; fewer for quick runs.
 */
export function bootstrapInterval(
  normal: readonly number[],
  anomalous: readonly number[],
  statistic: (normal: number[], anomalous: number[]) => number,
  replicates = 1000,
  seed = 1,
): Interval {
  return stratifiedBootstrap(normal, anomalous, statistic, replicates, seed);
}

/** The percentile bootstrap of both intervals here, over any per-scan item (a score, or a pair of them). */
function stratifiedBootstrap<T>(normal: readonly T[], anomalous: readonly T[], statistic: (normal: T[], anomalous: T[]) => number, replicates: number, seed: number): Interval {
  if (normal.length === 0 || anomalous.length === 0) return { low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const resample = (xs: readonly T[]) => Array.from({ length: xs.length }, () => xs[Math.floor(random() * xs.length)]);
  const values: number[] = [];
  for (let r = 0; r < replicates; r++) {
    const v = statistic(resample(normal), resample(anomalous));
    if (!Number.isNaN(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
  return { low: at(0.025), high: at(0.975) };
}

/** A difference between two models' statistics on the same scans, with its paired bootstrap interval. */
export interface PairedDifference {
  /** statistic(B) − statistic(A). */
  difference: number;
  interval: Interval;
}

/**
 * Paired percentile bootstrap of statistic(B) − statistic(A) on the same scans: each replicate draws
 * one set of normal and one set of anomalous scan indices and scores both models on it, so the scans
 * both models find hard or easy cancel out; much narrower than comparing two separate intervals.
 * @param normal per normal scan, [score of A, score of B]; `anomalous` likewise.
 */
export function pairedBootstrapDifference(
  normal: readonly (readonly [number, number])[],
  anomalous: readonly (readonly [number, number])[],
  statistic: (normal: number[], anomalous: number[]) => number,
  replicates = 1000,
  seed = 1,
): PairedDifference {
  type Pairs = readonly (readonly [number, number])[];
  const of = (pairs: Pairs, m: 0 | 1) => pairs.map((p) => p[m]);
  const delta = (n: Pairs, a: Pairs) => statistic(of(n, 1), of(a, 1)) - statistic(of(n, 0), of(a, 0));
  return { difference: delta(normal, anomalous), interval: stratifiedBootstrap(normal, anomalous, delta, replicates, seed) };
}
