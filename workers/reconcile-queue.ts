/**
 * Nothing is lost: every unscored scan in the database must have a live job. Redis here keeps
 * nothing on disk, so a restart forgets the queue; a crash between "stored" and "queued" leaves a
 * scan without a job; a job that stalled too often ends failed without a result. The reconciler
 * finds each case and re-queues the scan or, for a failed job, stores the fail-safe result.
 */
import type { Queue } from 'bullmq';
import type { Logger } from '../core/logger.js';
import { enqueueScan, type ScanJobData } from '../core/queue.js';
import type { Runtime } from '../core/runtime.js';
import { storeFailSafe } from './score-scan-job.js';

export interface ReconcileReport {
  checked: number;
  requeued: number;
  failSafe: number;
}

/**
 * One pass over unscored scans untouched for `staleAfterMs`.
 */
export async function reconcileQueue(runtime: Runtime, queue: Queue<ScanJobData>, log: Logger, staleAfterMs: number): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, requeued: 0, failSafe: 0 };
  const rows = await runtime.scans.listUnscoredSince(new Date(Date.now() - staleAfterMs), 500);
  for (const row of rows) {
    report.checked++;
    const job = await queue.getJob(row.scan_id);
    const state = job ? await job.getState() : 'missing';
    if (state === 'failed') {
      await storeFailSafe(runtime, row.scan_id, `analysis failed: ${job?.failedReason ?? 'unknown'}`, log);
      report.failSafe++;
      continue;
    }
    if (state === 'completed' || state === 'unknown') await job?.remove();
    if (state === 'missing' || state === 'completed' || state === 'unknown') {
      const data = { scanId: row.scan_id, highSha256: row.high_sha256, lowSha256: row.low_sha256 };
      await enqueueScan(queue, runtime.config, data, row.category);
      log.warn({ scanId: row.scan_id, state }, 're-queued a scan that had no live job');
      report.requeued++;
    }
  }
  return report;
}

/** Runs `reconcileQueue` now and every `intervalMs`; returns a stop function. */
export function startReconciler(runtime: Runtime, queue: Queue<ScanJobData>, log: Logger, intervalMs: number, staleAfterMs: number): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const report = await reconcileQueue(runtime, queue, log, staleAfterMs);
      if (report.requeued + report.failSafe > 0) log.info(report, 'queue reconciled');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'queue reconciliation failed; will retry');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  return () => clearInterval(timer);
}
