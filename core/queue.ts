/**
 * The scan queue, in one place for the API (producer) and the workers (consumer): its name, job
 * payload schema, priorities and retry policy. Jobs carry references only, never image bytes.
 */
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import type { ScangateConfig } from './config.js';
import type { CargoCategory } from './scan-manifest.js';

export const SCAN_QUEUE = 'scans';
export const SCAN_JOB = 'score-scan';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
export const scanJobSchema = z.object({
  scanId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  highSha256: sha256,
  lowSha256: sha256.nullable(),
});
export type ScanJobData = z.infer<typeof scanJobSchema>;

/** Priority lanes of the smart gates: perishables first, then electronics, then the rest (1 is first). */
export function priorityOf(category: CargoCategory | string): number {
  if (category === 'produce' || category === 'frozen_seafood') return 1;
  if (category === 'electronics') return 2;
  return 3;
}

/**
 * Redis connection options. Producers fail fast when Redis is away (the API answers 503 and the
 * station retries); workers wait for it forever (`maxRetriesPerRequest: null`, as BullMQ requires).
 */
export function redisConnection(config: ScangateConfig, role: 'producer' | 'worker'): ConnectionOptions {
  return role === 'producer'
    ? { url: config.REDIS_URL, maxRetriesPerRequest: 1, connectTimeout: 2000 }
    : { url: config.REDIS_URL, maxRetriesPerRequest: null };
}

export function createScanQueue(config: ScangateConfig, role: 'producer' | 'worker'): Queue<ScanJobData> {
  return new Queue<ScanJobData>(SCAN_QUEUE, {
    connection: redisConnection(config, role),
    prefix: config.QUEUE_PREFIX,
    skipWaitingForReady: role === 'producer',
  });
}

/** Job options: jobId = scanId makes a second add of the same scan a no-op. */
export function scanJobOptions(config: ScangateConfig, scanId: string, category: string): JobsOptions {
  return {
    jobId: scanId,
    priority: priorityOf(category),
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** Adds the scan's job (idempotent thanks to jobId). */
export async function enqueueScan(queue: Queue<ScanJobData>, config: ScangateConfig, data: ScanJobData, category: string): Promise<void> {
  await queue.add(SCAN_JOB, data, scanJobOptions(config, data.scanId, category));
}
