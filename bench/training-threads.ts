/**
 * What the scoring helper thread (`models/training/scoring-helper.ts`) buys `npm run train` and
 * `npm run eval`: the same calibration scans (scored with and without the low-energy image, conv-seg
 * 1.3.0's weights), the same training scans prepared, the same training steps taken (a fresh network
 * each time, batches from those scans) and the same test scans evaluated (generated, scored, lanes
 * fused) on one thread, then shared with the helper, alternating, after a warm-up round of each.
 *
 *   npm run bench:training-threads -- [--scans 120] [--steps 60] [--rounds 3] [--phase fit]
 *
 * `--phase` runs only the phases whose name starts with it (results files are not written then).
 *
 * Prints the median seconds per phase and the ratio, and writes bench/results/training-threads.{json,md}.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { loadKernels } from '../kernels/index.js';
import { selectBackend } from '../models/backend.js';
import { scoreTestSet } from '../models/evaluation/score-test-set.js';
import { FULL_TEST_SET, planTestScans, scaleTestSet, testSetSize } from '../models/evaluation/test-set.js';
import { loadAnomalyModel } from '../models/inference/anomaly-model.js';
import { readModelMeta } from '../models/inference/model-meta.js';
import { fileIoHandler } from '../models/io/file-io-handler.js';
import { resolveModelDir } from '../models/io/model-registry.js';
import { collectSegScans, trainSegModel } from '../models/training/seg-run.js';
import { scaleSegConfig, SEG_TRAIN_CONFIG } from '../models/training/seg-train-config.js';
import { ScoringHelper } from '../models/training/scoring-helper.js';
import { registerWasmGradientKernels } from '../models/wasm-gradients/index.js';
import { calibrationScores } from '../models/training/training-run.js';

const { values } = parseArgs({ options: { scans: { type: 'string', default: '120' }, steps: { type: 'string', default: '60' }, rounds: { type: 'string', default: '3' }, phase: { type: 'string' } } });
const scans = Number(values.scans);
const steps = Number(values.steps);
const rounds = Number(values.rounds);

// The wasm backend, as training uses: the helper thread loads the same one.
const backend = await selectBackend({ preferred: 'wasm' });
registerWasmGradientKernels();
const kernels = loadKernels();
const dir = resolveModelDir('conv-seg@1.3.0');
const meta = await readModelMeta(dir);
const network = await tf.loadLayersModel(fileIoHandler(dir));
const helper = ScoringHelper.start();
await helper.load(network, meta);
const calibration = { ...meta, calibrationScans: scans };
// Normal training scans only: the anomaly families add nothing to the comparison.
const training = { ...scaleSegConfig(SEG_TRAIN_CONFIG, 1, SEG_TRAIN_CONFIG.fit.steps), trainingScans: scans, trainingAnomalies: { kinds: [], scansPerKind: 0 } };

// Test scans in the full test set's proportions, scored as `npm run eval` scores them.
const testPlans = planTestScans(scaleTestSet(FULL_TEST_SET, scans / testSetSize(FULL_TEST_SET)));
const evaluated = await loadAnomalyModel(dir);
await helper.loadModels([dir]);
const scoring = { thresholds: { yellowPValue: 0.05, redPValue: 0.01 }, weightTolerance: 0.35 };

const trainingScans = await collectSegScans(kernels, training, undefined, helper);
// The fit as training runs it (`trainSegModel`: a fresh network, batches from those scans), without mining.
const fitConfig = { ...training, fit: { ...training.fit, steps, decaySteps: [], mineAtSteps: [], average: null } };
const fitPhase = async (h?: ScoringHelper) => (await trainSegModel(kernels, trainingScans, [], fitConfig, undefined, h)).network.dispose();

// The fit loads its fresh network into the helper: it runs last, after every calibration round.
const phases: Record<string, (h?: ScoringHelper) => Promise<unknown>> = {
  calibration: (h) => calibrationScores(kernels, network, meta, calibration, () => {}, h),
  'training scans': (h) => collectSegScans(kernels, training, undefined, h),
  [`evaluation (${testPlans.length} test scans)`]: (h) => scoreTestSet(kernels, [evaluated], testPlans, scoring, h && ((plan) => h.testScan(plan, scoring))),
  [`fit (${steps} steps of ${training.fit.batchSize} crops)`]: fitPhase,
};
const seconds: Record<string, { one: number[]; two: number[] }> = {};
for (const [name, run] of Object.entries(phases).filter(([name]) => name.startsWith(values.phase ?? ''))) {
  seconds[name] = { one: [], two: [] };
  for (let round = 0; round <= rounds; round++) {
    for (const threads of ['one', 'two'] as const) {
      const started = performance.now();
      await run(threads === 'two' ? helper : undefined);
      // Round 0 warms up both threads (wasm compilation, window shapes) and is not counted.
      if (round > 0) seconds[name][threads].push((performance.now() - started) / 1000);
    }
    process.stdout.write(`\r${name}: round ${round}/${rounds}`);
  }
  process.stdout.write('\n');
}
await helper.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = Object.entries(seconds).map(([phase, s]) => ({ phase, scans, oneThread: median(s.one), twoThreads: median(s.two), speedup: median(s.one) / median(s.two) }));
const table = [
  `| phase (${scans} scans) | one thread, s | with the helper, s | speed-up |`,
  '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.phase} | ${r.oneThread.toFixed(1)} | ${r.twoThreads.toFixed(1)} | ${r.speedup.toFixed(2)}× |`),
].join('\n');
console.log(table);
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, tf.js ${backend.name}${backend.simd ? ' (SIMD)' : ''}; median of ${rounds} rounds`;
if (values.phase) process.exit(0);
writeFileSync('bench/results/training-threads.json', JSON.stringify({ machine, rows, seconds }, null, 1) + '\n');
writeFileSync('bench/results/training-threads.md', `${table}\n\n${machine}. \`npm run bench:training-threads\`\n`);
