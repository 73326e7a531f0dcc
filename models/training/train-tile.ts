/**
 * `npm run train -- --model tile-anomaly` (via `train.ts`): generates its own data from the fixture
 * generator (disjoint seed ranges for training, calibration and validation), trains the tile network
 * on the wasm backend, calibrates on held-out normal scans, validates, and writes
 * models/<name>/<version>/ (model.json, weights.bin, meta.json, validation.json, card.md).
 *
 * Options: `--out <dir>` writes elsewhere; `--scale <f>` multiplies every data set size by f
 * (experiments); `--quick` is a 3-epoch smoke run at scale 0.15. Scaled runs write to the OS temp
 * directory unless `--out` says otherwise; `--set-default` points models/registry.json at the new
 * version (full runs only), as for the other model families.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadKernels } from '../../kernels/index.js';
import { selectBackend } from '../backend.js';
import { validateModel } from '../evaluation/validate.js';
import { timeInference } from '../evaluation/inference-timing.js';
import { createAnomalyModel } from '../inference/anomaly-model.js';
import type { ModelMeta } from '../inference/model-meta.js';
import { FEATURE_COUNT } from '../inference/tile-features.js';
import { normaliseFeatures } from '../inference/tile-scorer.js';
import { MODELS_ROOT } from '../io/model-registry.js';
import { renderModelCard } from './model-card.js';
import { buildNetwork, trainNetwork } from './network.js';
import { featureStatistics } from './normalisation.js';
import { CLASSES, TileRows } from './tile-samples.js';
import { TRAIN_CONFIG, type TrainConfig } from './train-config.js';
import { calibrationScores, collectTrainingRows, commonMeta, countClasses, setDefaultModel, writeVersion } from './training-run.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIndex = args.indexOf('--out');
const scaleIndex = args.indexOf('--scale');
const scale = quick ? 0.15 : scaleIndex >= 0 ? Number(args[scaleIndex + 1]) : 1;
const sized = (n: number) => Math.max(8, Math.round(n * scale));
const config: TrainConfig = {
  ...TRAIN_CONFIG,
  trainingScans: sized(TRAIN_CONFIG.trainingScans),
  trainingAnomalies: { ...TRAIN_CONFIG.trainingAnomalies, scansPerKind: sized(TRAIN_CONFIG.trainingAnomalies.scansPerKind) },
  calibrationScans: sized(TRAIN_CONFIG.calibrationScans),
  fit: { ...TRAIN_CONFIG.fit, epochs: quick ? 3 : TRAIN_CONFIG.fit.epochs },
  validation: { ...TRAIN_CONFIG.validation, normalScans: sized(TRAIN_CONFIG.validation.normalScans), scansPerKind: sized(TRAIN_CONFIG.validation.scansPerKind) },
};
const defaultOut = scale !== 1 ? path.join(tmpdir(), 'scangate-train-quick') : path.join(MODELS_ROOT, config.name, config.version);
const outDir = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : defaultOut;

const progress = (message: string) => process.stdout.write(`[train ${((performance.now() - t0) / 1000).toFixed(1)}s] ${message}\n`);
const t0 = performance.now();

const backend = await selectBackend();
const kernels = loadKernels();
progress(`backend ${backend.name}${backend.simd ? ' (SIMD)' : ''}, kernels ${kernels.variant}; writing ${outDir}`);

// 1. Training rows: every tile of normal scans, plus tiles holding injected objects and generator anomalies.
const rows = new TileRows();
const collected = collectTrainingRows(kernels, config, rows, { log: progress, every: 20, noun: 'tile rows' });
let generateMs = collected.generateMs;
const data = rows.result();
const classCounts = countClasses(data.y);
progress(`tile rows per class ${CLASSES.map((c, k) => `${c} ${classCounts[k]}`).join(', ')}`);

// 2. Normalise and train.
const stats = featureStatistics(data.x, data.y, FEATURE_COUNT);
normaliseFeatures(data.x, { featureMean: stats.mean, featureStd: stats.std });
const shape = { featureCount: FEATURE_COUNT, classCount: CLASSES.length, hidden: config.hidden, seed: config.seed };
const network = buildNetwork(shape);
const fitStarted = performance.now();
const losses = await trainNetwork(network, data, shape, {
  ...config.fit,
  seed: config.seed,
  onEpoch: (epoch, loss, ms) => progress(`epoch ${epoch + 1}/${config.fit.epochs} loss ${loss.toFixed(4)} (${(ms / 1000).toFixed(1)}s)`),
});
const fitSeconds = (performance.now() - fitStarted) / 1000;

// 3. Calibrate on held-out normal scans, with and without the low-energy image.
const calibrated = await calibrationScores(kernels, network, commonMeta(config, stats), config, progress);
generateMs += calibrated.generateMs;
const meta: ModelMeta = {
  architecture: 'tile-dense',
  name: config.name,
  version: config.version,
  ...commonMeta(config, stats),
  calibration: calibrated.calibration,
};
const trainingSeconds = (performance.now() - t0) / 1000;
progress(`trained and calibrated in ${trainingSeconds.toFixed(0)}s (generator ${(generateMs / 1000).toFixed(0)}s, fit ${fitSeconds.toFixed(0)}s)`);

// 4. Validate on a third seed range, with anomalies, and time inference.
const model = createAnomalyModel(network, meta);
const report = await validateModel(kernels, model, config.validation, (done, total) => {
  if (done % 40 === 0 || done === total) progress(`validation scans ${done}/${total}`);
});
const timing = await timeInference(kernels, model);
progress(`validation AUROC dual ${report.metrics.dual.auroc.toFixed(3)} single ${report.metrics.single.auroc.toFixed(3)}; inference median ${timing.medianMs.toFixed(1)} ms`);

// 5. Write the version directory; the registry only on request.
await writeVersion(
  outDir,
  network,
  meta,
  { metrics: report.metrics, visibleMetrics: report.visibleMetrics, detectionByKind: report.detectionByKind, falseAlarmsByCargo: report.falseAlarmsByCargo, falseAlarmsByContainer: report.falseAlarmsByContainer, timing, results: report.results },
  renderModelCard({
    config,
    meta,
    backend: `${backend.name}${backend.simd ? ' (SIMD)' : ''}`,
    parameters: network.countParams(),
    classCounts,
    anomalyScans: collected.anomalyScans,
    losses,
    trainingSeconds,
    fitSeconds,
    generatorSeconds: generateMs / 1000,
    report,
    timing,
    quick: scale !== 1,
  }),
);
if (args.includes('--set-default') && outIndex < 0 && scale === 1) await setDefaultModel(config.name, config.version);
progress(`done: ${outDir}`);
tf.disposeVariables();
