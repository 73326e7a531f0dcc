/**
 * The BullMQ processor for one scan job. A scan always ends scored: an analysable one with its
 * risk, one that cannot be analysed (or keeps failing until its last attempt) red by the fail-safe.
 * Transient errors are rethrown so BullMQ retries with backoff.
 */
import type { Job } from 'bullmq';
import { UnanalysableScanError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { scanJobSchema, type ScanJobData } from '../core/queue.js';
import type { Runtime } from '../core/runtime.js';
import { analyseScan, type PipelineParts } from './analyse-scan.js';
import { failSafeRisk } from './risk-fusion.js';

/** Stores the fail-safe red result; used by the processor and by the queue reconciler. */
export async function storeFailSafe(runtime: Runtime, scanId: string, reason: string, log: Logger): Promise<void> {
  const stored = await runtime.scans.saveResult(scanId, {
    risk: failSafeRisk(reason),
    heatmapSha256: null,
    model: null,
    timings: {},
    failureReason: reason,
  });
  if (stored) log.warn({ scanId, reason }, 'scan scored red by the fail-safe');
}

export function createScanProcessor(parts: PipelineParts, log: Logger) {
  const { runtime } = parts;
  return async (job: Job<ScanJobData>): Promise<{ lane: string } | { skipped: string }> => {
    const parsed = scanJobSchema.safeParse(job.data);
    const scanId = parsed.success ? parsed.data.scanId : String(job.id);
    const scanLog = log.child({ scanId, jobId: job.id, attempt: job.attemptsMade + 1 });
    if (!parsed.success) {
      await storeFailSafe(runtime, scanId, 'malformed queue job', scanLog);
      return { skipped: 'malformed job' };
    }
    const row = await runtime.scans.get(scanId);
    if (!row) return { skipped: 'unknown scan' };
    if (row.status === 'scored') return { skipped: 'already scored' };

    const startedAt = Date.now();
    await runtime.scans.markProcessing(scanId, job.attemptsMade + 1);
    try {
      const result = await analyseScan(row, parts, scanLog);
      result.timings.queueWaitMs = startedAt - Date.parse(row.received_at);
      result.timings.totalMs = Date.now() - Date.parse(row.received_at);
      await runtime.scans.saveResult(scanId, result);
      scanLog.info({ lane: result.risk.lane, score: result.risk.score, timings: result.timings }, 'scan scored');
      return { lane: result.risk.lane };
    } catch (err) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (err instanceof UnanalysableScanError || lastAttempt) {
        await storeFailSafe(runtime, scanId, (err as Error).message, scanLog);
        return { lane: 'red' };
      }
      scanLog.warn({ err: (err as Error).message }, 'scan analysis failed; will retry');
      throw err;
    }
  };
}
