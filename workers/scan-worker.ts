/**
 * The BullMQ worker that consumes the scan queue, plus the reconciler beside it. `startScanWorker`
 * is what a worker process (and the end-to-end tests) run.
 */
import { Worker } from 'bullmq';
import type { Logger } from '../core/logger.js';
import { createScanQueue, redisConnection, SCAN_QUEUE, type ScanJobData } from '../core/queue.js';
import type { PipelineParts } from './analyse-scan.js';
import { startReconciler } from './reconcile-queue.js';
import { createScanProcessor } from './score-scan-job.js';

export interface RunningWorker {
  close(): Promise<void>;
}

export function startScanWorker(parts: PipelineParts, log: Logger): RunningWorker {
  const { config } = parts.runtime;
  const worker = new Worker<ScanJobData>(SCAN_QUEUE, createScanProcessor(parts, log), {
    connection: redisConnection(config, 'worker'),
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_LOCK_MS,
    // A crashed worker's job returns to the queue twice before it is failed (then the fail-safe scores it).
    maxStalledCount: 2,
  });
  worker.on('error', (err) => log.warn({ err: err.message }, 'worker connection error'));
  const queue = createScanQueue(config, 'worker');
  queue.on('error', (err) => log.warn({ err: err.message }, 'reconciler queue error'));
  const stopReconciler = startReconciler(parts.runtime, queue, log, config.RECONCILE_INTERVAL_MS, config.RECONCILE_STALE_MS);
  return {
    async close() {
      stopReconciler();
      await worker.close();
      await queue.close();
    },
  };
}
