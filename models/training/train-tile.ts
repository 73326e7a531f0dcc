/**
 * `npm run train` (or `-- --model tile-anomaly`, via `train.ts`): generates its own data from the fixture generator (disjoint seed ranges for
 * training, calibration and validation), trains the tile network on the wasm backend, calibrates on
 * held-out normal scans, validates, and writes models/<name>/<version>/ (model.json, weights.bin,
 * meta.json, validation.json, card.md) and points models/registry.json at it.
 *
 * Options: `--out <dir>` writes elsewhere and leaves the registry alone; `--scale <f>` multiplies
 * every data set size by f (experiments); `--quick` is a 3-epoch smoke run at scale 0.15. Scaled runs
 * write to the OS temp directory unless `--out` says otherwise, and never touch the registry.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadKernels } from '../../kernels/index.js';
import { selectBackend } from '../backend.js';
import { validateModel } from '../evaluation/validate.js';
import { timeInference } from '../evaluation/inference-timing.js';
import { createAnomalyModel, scoreScanTiles } from '../inference/anomaly-model.js';
import { ratioPlane } from '../inference/model-input.js';
import { META_JSON, type ModelMeta } from '../inference/model-meta.js';
import { FEATURE_COUNT, FEATURE_NAMES, FEATURE_SET } from '../inference/tile-features.js';
import { normaliseFeatures } from '../inference/tile-scorer.js';
import { fileIoHandler } from '../io/file-io-handler.js';
import { MODELS_ROOT, REGISTRY_FILE } from '../io/model-registry.js';
import { planScan, prepareScan, SEED_BASES } from './dataset.js';
import { renderModelCard } from './model-card.js';
import { buildNetwork, trainNetwork } from './network.js';
import { featureStatistics } from './normalisation.js';
import { addAnomalySamples, addScanSamples, CLASSES, TileRows } from './tile-samples.js';
import { TRAIN_CONFIG, type TrainConfig } from './train-config.js';

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
const geometry = { tileSize: config.tileSize, stride: config.tileStride };

// 1. Training rows: every tile of normal scans, plus tiles holding injected objects.
const rows = new TileRows();
let generateMs = 0;
for (let i = 0; i < config.trainingScans; i++) {
  const scan = prepareScan(kernels, planScan('training', i), config.modelPixelMm);
  generateMs += scan.generateMs;
  addScanSamples(kernels, scan, { ...config.samples, geometry, modelPixelMm: config.modelPixelMm, ratioMinAttenuation: config.ratioMinAttenuation, seed: config.seed }, rows);
  if ((i + 1) % 20 === 0) progress(`training scans ${i + 1}/${config.trainingScans}, ${rows.count} tile rows`);
}
// Generator anomalies: the difference to the same seed without the anomaly labels the tiles.
const anomalyOffset = 500_000;
let anomalyScans = 0;
for (const [k, kind] of config.trainingAnomalies.kinds.entries()) {
  for (let i = 0; i < config.trainingAnomalies.scansPerKind; i++) {
    const index = anomalyOffset + k * config.trainingAnomalies.scansPerKind + i;
    const anomalous = prepareScan(kernels, planScan('training', index, kind), config.modelPixelMm);
    const clean = prepareScan(kernels, { seed: anomalous.seed, cargo: anomalous.cargo, anomaly: null }, config.modelPixelMm);
    generateMs += anomalous.generateMs + clean.generateMs;
    const options = { ...config.samples, geometry, modelPixelMm: config.modelPixelMm, ratioMinAttenuation: config.ratioMinAttenuation, seed: config.seed };
    if (addAnomalySamples(kernels, anomalous, clean, options, rows) > 0) anomalyScans++;
  }
  progress(`anomaly scans of ${kind} done, ${rows.count} tile rows`);
}
const data = rows.result();
const classCounts = CLASSES.map((_, k) => data.y.reduce((n, y) => n + (y === k ? 1 : 0), 0));
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
const scoring = { modelPixelMm: config.modelPixelMm, tileSize: config.tileSize, tileStride: config.tileStride, featureMean: stats.mean, featureStd: stats.std, batchSizes: [...config.batchSizes] };
const dual: number[] = [];
const single: number[] = [];
for (let i = 0; i < config.calibrationScans; i++) {
  const scan = prepareScan(kernels, planScan('calibration', i), config.modelPixelMm);
  generateMs += scan.generateMs;
  const ratio = ratioPlane(kernels, scan.high, scan.low!, config.ratioMinAttenuation);
  dual.push((await scoreScanTiles(network, scoring, { attenuation: scan.high, ratio })).rawScore);
  single.push((await scoreScanTiles(network, scoring, { attenuation: scan.high })).rawScore);
  if ((i + 1) % 50 === 0) progress(`calibration scans ${i + 1}/${config.calibrationScans}`);
}
const calibrationSeeds = { from: SEED_BASES.calibration, to: SEED_BASES.calibration + config.calibrationScans - 1 };
const meta: ModelMeta = {
  architecture: 'tile-dense',
  name: config.name,
  version: config.version,
  featureSet: FEATURE_SET,
  featureNames: [...FEATURE_NAMES],
  modelPixelMm: config.modelPixelMm,
  tileSize: config.tileSize,
  tileStride: config.tileStride,
  ratioMinAttenuation: config.ratioMinAttenuation,
  batchSizes: [...config.batchSizes],
  featureMean: stats.mean,
  featureStd: stats.std,
  classes: [...CLASSES],
  findingPValue: config.findingPValue,
  calibration: {
    dual: { scores: dual.sort((a, b) => a - b), seeds: calibrationSeeds },
    single: { scores: single.sort((a, b) => a - b), seeds: calibrationSeeds },
  },
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

// 5. Write the version directory, then point the registry at it.
await network.save(fileIoHandler(outDir));
await writeFile(path.join(outDir, META_JSON), JSON.stringify(meta, null, 1) + '\n');
await writeFile(path.join(outDir, 'validation.json'), JSON.stringify({ metrics: report.metrics, visibleMetrics: report.visibleMetrics, detectionByKind: report.detectionByKind, falseAlarmsByCargo: report.falseAlarmsByCargo, falseAlarmsByContainer: report.falseAlarmsByContainer, timing, results: report.results }, null, 1) + '\n');
await writeFile(
  path.join(outDir, 'card.md'),
  renderModelCard({
    config,
    meta,
    backend: `${backend.name}${backend.simd ? ' (SIMD)' : ''}`,
    parameters: network.countParams(),
    classCounts,
    anomalyScans,
    losses,
    trainingSeconds,
    fitSeconds,
    generatorSeconds: generateMs / 1000,
    report,
    timing,
    quick: scale !== 1,
  }),
);
if (outIndex < 0 && scale === 1) {
  await writeFile(REGISTRY_FILE, JSON.stringify({ default: { name: config.name, version: config.version } }, null, 2) + '\n');
}
progress(`done: ${outDir}`);
tf.disposeVariables();
