/**
 * The whole pipeline on real parts: HTTP upload → SQLite + blob store → BullMQ on Redis → WASM
 * kernels → tf.js model (wasm backend) → risk fusion → stored result read back over HTTP.
 */
import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { loadKernels } from '../../kernels/index.js';
import { loadAnomalyModel, type AnomalyModel } from '../../models/inference/anomaly-model.js';
import { startScanWorker, type RunningWorker } from '../../workers/scan-worker.js';
import { generateScan } from '../../fixtures/generator/index.js';
import { generatedUpload, waitForScore } from '../support/generated-scan.js';
import { make16BitImage, makeManifest, pushScan, scanForm } from '../support/scan-upload.js';
import { startService, type ServiceHarness } from '../support/service-harness.js';
import { makeTestConfig } from '../support/test-config.js';

let h: ServiceHarness;
let model: AnomalyModel;
let worker: RunningWorker | null = null;

function startWorker() {
  worker = startScanWorker({ runtime: h.runtime, kernels: loadKernels(), model }, createLogger('test-worker', 'silent'));
}

beforeAll(async () => {
  h = await startService(makeTestConfig({ JOB_ATTEMPTS: '2' }));
  model = await loadAnomalyModel(undefined, { backend: 'wasm' });
});
afterAll(async () => {
  await worker?.close();
  await h.close();
});

describe('end to end', () => {
  it('when a 40 ft dual-energy scan is pushed then it is scored with lane, reasons, model, timings and a heatmap', async () => {
    startWorker();
    const form = await generatedUpload({ seed: 910_001, container: '40ft', cargo: 'frozen_seafood', anomaly: null, cab: false }, 'e2e-normal');
    const res = await pushScan(h.url, h.tokens.station, form);
    expect(res.status).toBe(202);
    const scan = await waitForScore(h.url, h.tokens.inspector, 'e2e-normal');
    expect(scan.risk.score).toBeGreaterThanOrEqual(0);
    expect(scan.risk.score).toBeLessThanOrEqual(100);
    expect(['green', 'yellow', 'red']).toContain(scan.risk.lane);
    expect(scan.risk.reasons.length).toBeGreaterThan(0);
    expect(scan.model).toEqual({ name: model.name, version: model.version });
    expect(scan.dualEnergy).toBe(true);
    for (const stage of ['ingestMs', 'queueWaitMs', 'decodeMs', 'preprocessMs', 'modelMs', 'fusionMs', 'heatmapMs', 'totalMs']) {
      expect(scan.timings[stage], stage).toEqual(expect.any(Number));
    }
    const heatmap = await fetch(`${h.url}${scan.heatmapUrl}`, { headers: { authorization: `Bearer ${h.tokens.inspector}` } });
    expect(heatmap.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await heatmap.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ channels: 4 });
    expect(meta.width).toBeGreaterThan(100);
  });

  it('when an obvious dense block is hidden in produce then it scores above the normal scan, flagged, with a finding on the block', async () => {
    // A 36 × 18 cm steel block, 25 cm thick. This test is about the pipeline (score, lane, findings
    // mapped back to image pixels); the model's recall is `npm run eval`'s job. conv-seg 1.0.0 misses
    // smaller blocks in produce (seed 910_003's 17 × 12 cm block scores p 0.28): see its card.
    const options = { seed: 910_005, container: '40ft', cargo: 'produce', anomaly: 'dense-block', contrast: 1, cab: false } as const;
    const truth = generateScan(options).truth.anomalies[0]!.box;
    expect((await pushScan(h.url, h.tokens.station, await generatedUpload(options, 'e2e-dense'))).status).toBe(202);
    const anomalous = await waitForScore(h.url, h.tokens.inspector, 'e2e-dense');
    const normal = await waitForScore(h.url, h.tokens.inspector, 'e2e-normal');
    expect(anomalous.risk.score).toBeGreaterThan(normal.risk.score);
    expect(anomalous.risk.lane).not.toBe('green');
    // Findings are mapped back to image pixels: one must overlap the injected block.
    const overlaps = (b: { x: number; y: number; w: number; h: number }) =>
      b.x < truth.x + truth.w && truth.x < b.x + b.w && b.y < truth.y + truth.h && truth.y < b.y + b.h;
    expect(anomalous.risk.findings.some((f: { box: typeof truth }) => overlaps(f.box))).toBe(true);
  });

  it('when a stored image cannot be decoded then the scan is still scored: red by the fail-safe, with the reason', async () => {
    await worker?.close();
    worker = null;
    const high = await make16BitImage(64, 32, 'png', 77);
    expect((await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('e2e-corrupt'), high }))).status).toBe(202);
    const row = await h.runtime.scans.get('e2e-corrupt');
    fs.writeFileSync(h.runtime.blobs.pathOf(row!.high_sha256), 'bit rot');
    startWorker();
    const scan = await waitForScore(h.url, h.tokens.inspector, 'e2e-corrupt');
    expect(scan.risk).toMatchObject({ score: 100, lane: 'red' });
    expect(scan.failureReason).toMatch(/could not be decoded/);
  });

  it('when coverage is read after the run then every accepted scan is scored', async () => {
    const res = await fetch(`${h.url}/api/v1/coverage`, { headers: { authorization: `Bearer ${h.tokens.inspector}` } });
    expect(await res.json()).toMatchObject({ received: 3, queued: 0, processing: 0, scored: 3, scoredFraction: 1 });
  });
});
