/**
 * `npm run train -- --model conv-patch`: the conv-patch model. Same data, seeds, calibration and
 * validation as tile-anomaly (`train-tile.ts`); the network reads each tile's pixel patch as well as
 * its features and trains on the wasm backend with our gradient kernels (`models/wasm-gradients`);
 * a Gaussian density on normal tile features adds evidence for kinds never trained on.
 *
 * Options: `--scale <f>` / `--quick` / `--out <dir>` as for tile-anomaly (scaled runs go to the OS
 * temp directory); `--set-default` points models/registry.json at the new version (full runs only;
 * do it only when validation beats the current default).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadKernels } from '../../kernels/index.js';
import { selectBackend } from '../backend.js';
import { timeInference } from '../evaluation/inference-timing.js';
import { validateModel } from '../evaluation/validate.js';
import { createAnomalyModel } from '../inference/anomaly-model.js';
import type { ModelMeta } from '../inference/model-meta.js';
import { PATCH_SET } from '../inference/patch-input.js';
import { FEATURE_COUNT } from '../inference/tile-features.js';
import { normaliseFeatures } from '../inference/tile-scorer.js';
import { MODELS_ROOT } from '../io/model-registry.js';
import { registerWasmGradientKernels } from '../wasm-gradients/index.js';
import { buildConvNetwork, trainConvNetwork } from './conv-network.js';
import { renderConvModelCard } from './conv-model-card.js';
import { CONV_TRAIN_CONFIG, type ConvTrainConfig } from './conv-train-config.js';
import { fitDensity } from './fit-density.js';
import { featureStatistics } from './normalisation.js';
import { PatchRows } from './patch-rows.js';
import { CLASSES } from './tile-samples.js';
import { calibrationScores, collectTrainingRows, commonMeta, countClasses, setDefaultModel, writeVersion } from './training-run.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIndex = args.indexOf('--out');
const scaleIndex = args.indexOf('--scale');
const epochsIndex = args.indexOf('--epochs');
const scale = quick ? 0.15 : scaleIndex >= 0 ? Number(args[scaleIndex + 1]) : 1;
const sized = (n: number) => Math.max(8, Math.round(n * scale));
const base = CONV_TRAIN_CONFIG;
const config: ConvTrainConfig = {
  ...base,
  trainingScans: sized(base.trainingScans),
  trainingAnomalies: { ...base.trainingAnomalies, scansPerKind: sized(base.trainingAnomalies.scansPerKind) },
  calibrationScans: sized(base.calibrationScans),
  fit: { ...base.fit, epochs: quick ? 2 : epochsIndex >= 0 ? Number(args[epochsIndex + 1]) : base.fit.epochs },
  validation: { ...base.validation, normalScans: sized(base.validation.normalScans), scansPerKind: sized(base.validation.scansPerKind) },
};
const full = scale === 1 && config.fit.epochs === base.fit.epochs;
const defaultOut = full ? path.join(MODELS_ROOT, config.name, config.version) : path.join(tmpdir(), 'scangate-train-conv-quick');
const outDir = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : defaultOut;

const t0 = performance.now();
const progress = (message: string) => process.stdout.write(`[train-conv ${((performance.now() - t0) / 1000).toFixed(1)}s] ${message}\n`);

const backend = await selectBackend();
if (backend.name !== 'wasm') throw new Error(`conv-patch trains on the wasm backend (our gradient kernels); selected ${backend.name}`);
registerWasmGradientKernels();
const kernels = loadKernels();
progress(`backend ${backend.name}${backend.simd ? ' (SIMD)' : ''} + wasm gradient kernels; writing ${outDir}`);

// 1. Rows: tiles of normal scans (a seeded share), injected objects, generator anomalies.
const rows = new PatchRows(config.tileSize, config.normalShare, config.seed);
const collected = collectTrainingRows(kernels, config, rows, { log: progress, every: 30, noun: 'rows' });
let generateMs = collected.generateMs;
const data = rows.result();
const classCounts = countClasses(data.y);
progress(`rows per class ${CLASSES.map((c, k) => `${c} ${classCounts[k]}`).join(', ')}`);

// 2. Normalise, fit the density on normal rows, train the network.
const stats = featureStatistics(data.x, data.y, FEATURE_COUNT);
normaliseFeatures(data.x, { featureMean: stats.mean, featureStd: stats.std });
const density = fitDensity(data.x, data.y, FEATURE_COUNT, config.density.ridge, config.density.weight);
const shape = { tileSize: config.tileSize, classCount: CLASSES.length, ...config.conv, seed: config.seed };
const network = buildConvNetwork(shape);
const fitStarted = performance.now();
const epochs = await trainConvNetwork(network, data, shape, {
  ...config.fit,
  seed: config.seed,
  onEpoch: (epoch, s) => progress(`epoch ${epoch + 1}/${config.fit.epochs} loss ${s.loss.toFixed(4)} (${(s.ms / 1000).toFixed(1)}s, ${((s.samples * 1000) / s.ms).toFixed(0)} samples/s)`),
});
const fitSeconds = (performance.now() - fitStarted) / 1000;

// 3. Calibrate on held-out normal scans, with and without the low-energy image.
const meta: ModelMeta = {
  name: config.name,
  version: config.version,
  architecture: 'conv-patch',
  patchSet: PATCH_SET,
  ...commonMeta(config, stats),
  density,
  calibration: { dual: { scores: [0], seeds: { from: 0, to: 0 } }, single: { scores: [0], seeds: { from: 0, to: 0 } } },
};
const calibrated = await calibrationScores(kernels, network, meta, config, progress);
generateMs += calibrated.generateMs;
meta.calibration = calibrated.calibration;
const trainingSeconds = (performance.now() - t0) / 1000;
progress(`trained and calibrated in ${trainingSeconds.toFixed(0)}s (generator ${(generateMs / 1000).toFixed(0)}s, fit ${fitSeconds.toFixed(0)}s)`);

// 4. Validate on the validation seed range and time inference.
const model = createAnomalyModel(network, meta);
const report = await validateModel(kernels, model, config.validation, (done, total) => {
  if (done % 40 === 0 || done === total) progress(`validation scans ${done}/${total}`);
});
// Ablation: the head alone (density weight 0), on the same scans; AUROC and detection at 1 % false
// alarms use raw scores only, so the calibration of the full model does not matter here.
const headOnly = createAnomalyModel(network, { ...meta, density: { ...density, weight: 0 } });
const ablation = (await validateModel(kernels, headOnly, config.validation)).metrics;
progress(`head only: AUROC dual ${ablation.dual.auroc.toFixed(3)} (det@1%FA ${(100 * ablation.dual.detectionAt1PctFa).toFixed(1)} %) single ${ablation.single.auroc.toFixed(3)}`);
const timing = await timeInference(kernels, model);
progress(`validation AUROC dual ${report.metrics.dual.auroc.toFixed(3)} (det@1%FA ${(100 * report.metrics.dual.detectionAt1PctFa).toFixed(1)} %) single ${report.metrics.single.auroc.toFixed(3)}; inference median ${timing.medianMs.toFixed(1)} ms`);

// 5. Write the version directory; the registry only on request.
await writeVersion(
  outDir,
  network,
  meta,
  { metrics: report.metrics, headOnlyMetrics: ablation, visibleMetrics: report.visibleMetrics, detectionByKind: report.detectionByKind, falseAlarmsByCargo: report.falseAlarmsByCargo, falseAlarmsByContainer: report.falseAlarmsByContainer, timing, results: report.results },
  renderConvModelCard({ config, meta, backend: `${backend.name}${backend.simd ? ' (SIMD)' : ''} + wasm gradient kernels`, parameters: network.countParams(), classCounts, anomalyScans: collected.anomalyScans, epochs, trainingSeconds, fitSeconds, generatorSeconds: generateMs / 1000, report, ablation, timing, quick: !full }),
);
if (args.includes('--set-default') && full && outIndex < 0) await setDefaultModel(config.name, config.version);
progress(`done: ${outDir}`);
tf.disposeVariables();
