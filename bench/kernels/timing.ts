/** Warm-up, repeated runs and medians for the kernels benchmark. */

export interface Timing {
  /** Median wall time of one run, ms. */
  medianMs: number;
  /** Runs measured (after warm-up). */
  runs: number;
}

export interface TimingOptions {
  warmup: number;
  /** Runs to aim for. */
  runs: number;
  /** Stop early once this much time has been spent measuring (at least one run is always made). */
  budgetMs: number;
}

/** Times `fn` (sync or async): `warmup` unmeasured calls, then up to `runs` measured ones. */
export async function measure(fn: () => unknown, options: TimingOptions): Promise<Timing> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < options.runs && (times.length === 0 || performance.now() - start < options.budgetMs)) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const medianMs = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { medianMs, runs: times.length };
}
