/** Shadow mode: a candidate model scores live scans; its scores are stored, the live lane is not touched. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { loadKernels } from '../../kernels/index.js';
import { loadAnomalyModel, type AnomalyModel } from '../../models/inference/anomaly-model.js';
import { startScanWorker, type RunningWorker } from '../../workers/scan-worker.js';
import { generatedUpload, waitForScore } from '../support/generated-scan.js';
import { pushScan } from '../support/scan-upload.js';
import { startService, type ServiceHarness } from '../support/service-harness.js';
import { makeTestConfig } from '../support/test-config.js';

let h: ServiceHarness;
let worker: RunningWorker;
let live: AnomalyModel;

beforeAll(async () => {
  h = await startService(makeTestConfig());
  live = await loadAnomalyModel(undefined, { backend: 'wasm' });
  // The candidate: a separately loaded instance, as the worker loads SHADOW_MODEL, whose
  // calibrated score is always 0 so any leak into the live result would show.
  const candidate = await loadAnomalyModel(undefined, { backend: 'wasm' });
  const shadow: AnomalyModel = {
    ...candidate,
    version: `${candidate.version}-candidate`,
    score: async (input) => ({ ...(await candidate.score(input)), calibratedScore: 0, pValue: 1 }),
  };
  worker = startScanWorker({ runtime: h.runtime, kernels: loadKernels(), model: live, shadow }, createLogger('test-worker', 'silent'));
});
afterAll(async () => {
  await worker.close();
  await h.close();
});

describe('shadow mode', () => {
  it('when a candidate runs in shadow then its score is stored beside the live one and the live result is its own', async () => {
    const options = { seed: 930_001, container: '40ft', cargo: 'produce', anomaly: 'dense-block', contrast: 1, cab: false } as const;
    expect((await pushScan(h.url, h.tokens.station, await generatedUpload(options, 'shadow-1'))).status).toBe(202);
    const scan = await waitForScore(h.url, h.tokens.inspector, 'shadow-1');
    expect(scan.model).toEqual({ name: live.name, version: live.version });
    expect(scan.risk.score).toBeGreaterThan(0);
    expect(scan.timings.shadowMs).toEqual(expect.any(Number));

    const res = await fetch(`${h.url}/api/v1/scans/shadow-1/shadow`, { headers: { authorization: `Bearer ${h.tokens.engineer}` } });
    const { items } = (await res.json()) as { items: any[] };
    expect(items).toEqual([expect.objectContaining({ model: { name: live.name, version: `${live.version}-candidate` }, score: 0, pValue: 1, lane: 'green' })]);
  });

  it('when an inspector asks for shadow scores then it is forbidden (engineers compare models)', async () => {
    const res = await fetch(`${h.url}/api/v1/scans/shadow-1/shadow`, { headers: { authorization: `Bearer ${h.tokens.inspector}` } });
    expect(res.status).toBe(403);
  });
});
