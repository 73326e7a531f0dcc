/**
 * The station simulator (the tool every load and chaos test uses) against the real service and
 * worker: it pushes the committed corpus, waits for every score and reports nothing lost.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { loadKernels } from '../../kernels/index.js';
import { loadAnomalyModel } from '../../models/inference/anomaly-model.js';
import { startScanWorker, type RunningWorker } from '../../workers/scan-worker.js';
import { startService, type ServiceHarness } from '../support/service-harness.js';
import { makeTestConfig } from '../support/test-config.js';

let h: ServiceHarness;
let worker: RunningWorker;

beforeAll(async () => {
  h = await startService(makeTestConfig());
  const model = await loadAnomalyModel(undefined, { backend: 'wasm' });
  worker = startScanWorker({ runtime: h.runtime, kernels: loadKernels(), model }, createLogger('test-worker', 'silent'));
});
afterAll(async () => {
  await worker.close();
  await h.close();
});

function simulate(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('fixtures/station-simulator/cli.ts'), ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

describe('station simulator against the service', () => {
  it('when the corpus is pushed twice then every scan is scored once, none lost, no duplicate jobs', async () => {
    const common = ['--url', h.url, '--station-token', h.tokens.station, '--reader-token', h.tokens.inspector, '--dir', 'fixtures/corpus', '--concurrency', '3', '--timeout', '120', '--poll-ms', '100', '--json'];
    const first = await simulate(common);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ pushed: 12, scored: 12, lost: 0, duplicateJobs: 0 });

    const again = await simulate(common);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!)).toMatchObject({ pushed: 12, existing: 12, lost: 0, duplicateJobs: 0 });
    const coverage = await (await fetch(`${h.url}/api/v1/coverage`, { headers: { authorization: `Bearer ${h.tokens.inspector}` } })).json();
    expect(coverage).toMatchObject({ received: 12, scored: 12 });
  });
});
