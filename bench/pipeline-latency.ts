/**
 * Upload-to-score latency of 40 ft dual-energy scans through the real pipeline (HTTP → SQLite/blob
 * store → BullMQ on Redis → WASM kernels → tf.js model → stored result), one scan at a time, split
 * by stage. Medians over the runs after a warm-up scan.
 *
 *   npm run bench:pipeline -- [--runs 12]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { issueToken } from '../core/auth/tokens.js';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createScanQueue } from '../core/queue.js';
import { openRuntime } from '../core/runtime.js';
import { encodeScanImage, generateScan } from '../fixtures/generator/index.js';
import { createProgressBar } from '../fixtures/progress.js';
import { loadKernels } from '../kernels/index.js';
import { loadAnomalyModel } from '../models/inference/anomaly-model.js';
import { createApp } from '../service/app.js';
import { startScanWorker } from '../workers/scan-worker.js';

const STAGES = ['ingestMs', 'queueWaitMs', 'decodeMs', 'preprocessMs', 'modelMs', 'fusionMs', 'heatmapMs', 'totalMs'] as const;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '12' } } });
const runs = Number(values.runs);
const config = loadConfig({
  ...process.env,
  DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'scangate-bench-')),
  QUEUE_PREFIX: `bench-${randomUUID()}`,
  LOG_LEVEL: 'silent',
});
const log = createLogger('bench', 'silent');
const runtime = await openRuntime(config);
const queue = createScanQueue(config, 'producer');
const server = createApp(runtime, queue, log).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const station = (await issueToken(runtime.tokens, 'bench-station', 'station')).token;
const model = await loadAnomalyModel(config.MODEL || undefined, { backend: config.TF_BACKEND });
const kernels = loadKernels();
const worker = startScanWorker({ runtime, kernels, model }, log);

let imageSize = '';

async function pushAndWait(seed: number, scanId: string): Promise<{ timings: Record<string, number>; wallMs: number; lane: string }> {
  const scan = generateScan({ seed, container: '40ft', dualEnergy: true, anomaly: null });
  imageSize = `${scan.width} x ${scan.height}`;
  const form = new FormData();
  form.append('manifest', new Blob([JSON.stringify({ ...scan.manifest, scanId })], { type: 'application/json' }));
  form.append('high', new Blob([new Uint8Array(await encodeScanImage(scan.high, scan.width, scan.height, 'png'))], { type: 'image/png' }));
  form.append('low', new Blob([new Uint8Array(await encodeScanImage(scan.low!, scan.width, scan.height, 'png'))], { type: 'image/png' }));
  const started = performance.now();
  const res = await fetch(`${url}/api/v1/scans`, { method: 'POST', headers: { authorization: `Bearer ${station}` }, body: form });
  if (res.status !== 202) throw new Error(`push answered ${res.status}: ${await res.text()}`);
  for (;;) {
    const row = await runtime.scans.get(scanId);
    if (row?.status === 'scored') {
      return { timings: JSON.parse(row.timings_json), wallMs: performance.now() - started, lane: row.lane! };
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

await pushAndWait(1, 'warm-up');
const bar = createProgressBar('pipeline', runs);
const results: { timings: Record<string, number>; wallMs: number; lane: string }[] = [];
for (let i = 0; i < runs; i++) {
  results.push(await pushAndWait(100 + i, `bench-${i}`));
  bar.update(i + 1);
}
bar.stop();
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
server.close();
await runtime.close();

const rows = [
  ...STAGES.map((stage) => ({ stage, medianMs: median(results.map((r) => r.timings[stage] ?? 0)), maxMs: Math.max(...results.map((r) => r.timings[stage] ?? 0)) })),
  { stage: 'client wall (POST → scored row)', medianMs: median(results.map((r) => r.wallMs)), maxMs: Math.max(...results.map((r) => r.wallMs)) },
];
const table = [
  `Upload-to-score latency, 40 ft dual-energy scans (${imageSize} px per energy, 5 mm), ${runs} runs, kernels ${kernels.variant}, model ${model.name}@${model.version}, ${os.cpus().length} cores`,
  '',
  '| stage | median ms | max ms |',
  '|---|---:|---:|',
  ...rows.map((r) => `| ${r.stage} | ${r.medianMs.toFixed(1)} | ${r.maxMs.toFixed(1)} |`),
].join('\n');
console.log(table);
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/pipeline.md', `${table}\n`);
fs.writeFileSync('bench/results/pipeline.json', JSON.stringify({ runs, kernels: kernels.variant, model: `${model.name}@${model.version}`, rows, lanes: results.map((r) => r.lane) }, null, 2));
process.exit(0);
