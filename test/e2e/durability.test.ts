/**
 * Nothing is lost: accepted scans reach a stored result through a Redis restart that forgets the
 * queue and through a worker that dies holding a job.
 */
import { Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { redisConnection, SCAN_QUEUE } from '../../core/queue.js';
import { loadKernels } from '../../kernels/index.js';
import { loadAnomalyModel, type AnomalyModel } from '../../models/inference/anomaly-model.js';
import { startScanWorker, type RunningWorker } from '../../workers/scan-worker.js';
import { generatedUpload, waitForScore } from '../support/generated-scan.js';
import { PrivateRedis } from '../support/private-redis.js';
import { pushScan } from '../support/scan-upload.js';
import { startService, type ServiceHarness } from '../support/service-harness.js';
import { makeTestConfig } from '../support/test-config.js';

let model: AnomalyModel;
let redis: PrivateRedis;
let h: ServiceHarness | null = null;
let worker: RunningWorker | null = null;

beforeAll(async () => {
  model = await loadAnomalyModel(undefined, { backend: 'wasm' });
  redis = await PrivateRedis.start();
});
afterEach(async () => {
  await worker?.close();
  await h?.close();
  worker = null;
  h = null;
});
afterAll(async () => redis.kill());

function startWorker(service: ServiceHarness) {
  worker = startScanWorker({ runtime: service.runtime, kernels: loadKernels(), model }, createLogger('test-worker', 'silent'));
}

async function pushGenerated(service: ServiceHarness, scanId: string, seed: number) {
  const form = await generatedUpload({ seed, container: '20ft', cargo: 'textiles', anomaly: null, dualEnergy: false }, scanId);
  expect((await pushScan(service.url, service.tokens.station, form)).status).toBe(202);
}

describe('durability', () => {
  it('when Redis is down at upload then the push answers 503, keeps nothing, and the same upload succeeds later', async () => {
    h = await startService(makeTestConfig({ REDIS_URL: redis.url }));
    const form = await generatedUpload({ seed: 920_004, container: '20ft', cargo: 'produce', anomaly: null, dualEnergy: false }, 'down-1');
    await redis.kill();
    const refused = await pushScan(h.url, h.tokens.station, form);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await h.runtime.scans.get('down-1')).toBeUndefined();
    await redis.restart();
    expect((await pushScan(h.url, h.tokens.station, form)).status).toBe(202);
  });

  it('when Redis restarts empty before the worker runs then the reconciler re-queues and every scan is scored', async () => {
    h = await startService(makeTestConfig({ REDIS_URL: redis.url, RECONCILE_STALE_MS: '0', RECONCILE_INTERVAL_MS: '300' }));
    await pushGenerated(h, 'redis-1', 920_001);
    await pushGenerated(h, 'redis-2', 920_002);
    await redis.kill();
    await redis.restart();
    startWorker(h);
    for (const id of ['redis-1', 'redis-2']) {
      const scan = await waitForScore(h.url, h.tokens.inspector, id, 60_000);
      expect(scan.model?.name).toBe(model.name);
      expect(scan.failureReason).toBeUndefined();
    }
  });

  it('when a worker dies holding a job then another worker picks the job up after its lock expires', async () => {
    h = await startService(makeTestConfig({ REDIS_URL: redis.url, WORKER_LOCK_MS: '1500' }));
    const service = h;
    let grabbed!: () => void;
    const taken = new Promise<void>((resolve) => (grabbed = resolve));
    // A worker that takes the job and then dies without finishing or renewing its lock.
    const doomed = new Worker(SCAN_QUEUE, () => { grabbed(); return new Promise(() => undefined); }, {
      connection: redisConnection(service.config, 'worker'),
      prefix: service.config.QUEUE_PREFIX,
      lockDuration: 1500,
      stalledInterval: 1500,
    });
    await pushGenerated(service, 'crash-1', 920_003);
    await taken;
    await doomed.close(true);
    expect((await service.runtime.scans.get('crash-1'))?.status).toBe('queued');
    startWorker(service);
    const scan = await waitForScore(service.url, service.tokens.inspector, 'crash-1', 60_000);
    expect(scan.model?.name).toBe(model.name);
  });
});
