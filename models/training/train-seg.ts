/**
 * `npm run train -- --model conv-seg`: the fully convolutional segmentation model. Same calibration
 * and validation seeds as tile-anomaly, so the versions compare on the same scans; trains on the
 * wasm backend with our gradient kernels (`models/wasm-gradients`).
 *
 * Options: `--scale <f>` (data and steps), `--quick`, `--out <dir>` (scaled runs go to the OS temp
 * directory), `--steps <n>`; `--recipe <version>` trains an installed version again (`seg-recipes.ts`);
 * `--override '<json>'` merges into the recipe (today's config by default) for experiments (objects one
 * level deep, e.g. `{"trainingAnomalies":{"scansPerKind":360}}`). An override, or another version's
 * recipe, needs `--out`: only today's version is written into `models/` unasked;
 * `--set-default` points models/registry.json at the new version (full runs only; do it only when
 * validation beats the current default).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { reportCliErrors } from '../../core/cli-errors.js';
import { loadKernels } from '../../kernels/index.js';
import { selectBackend } from '../backend.js';
import { probeDensity } from '../evaluation/density-probe.js';
import { surveyDensity } from '../evaluation/density-survey.js';
import { timeInference } from '../evaluation/inference-timing.js';
import { validateModel } from '../evaluation/validate.js';
import { createAnomalyModel } from '../inference/anomaly-model.js';
import { MODELS_ROOT } from '../io/model-registry.js';
import { registerWasmGradientKernels } from '../wasm-gradients/index.js';
import { renderSegModelCard } from './seg-model-card.js';
import { reproduceCommand, segRecipe } from './seg-recipes.js';
import { mergeConfig, scaleSegConfig, SEG_TRAIN_CONFIG } from './seg-train-config.js';
import { ScoringHelper } from './scoring-helper.js';
import { collectSegScans, segMeta, trainSegModel } from './seg-run.js';
import { parseTrainSegArgs } from './train-seg-options.js';
import { calibrationScores, setDefaultModel, writeVersion } from './training-run.js';

reportCliErrors('train-seg');
const options = parseTrainSegArgs(process.argv.slice(2), SEG_TRAIN_CONFIG.version);
const { quick, scale } = options;
const recipe = segRecipe(options.recipe);
const base = options.override ? mergeConfig(recipe, options.override.value) : recipe;
const steps = options.steps ?? Math.round(base.fit.steps * (quick ? 0.1 : 1));
const config = scaleSegConfig(base, scale, steps);
const full = scale === 1 && steps === base.fit.steps;
const scaledOptions = quick ? '--quick' : [scale !== 1 ? `--scale ${scale}` : '', steps !== base.fit.steps ? `--steps ${steps}` : ''].filter(Boolean).join(' ') || undefined;
const outDir = options.out ? path.resolve(options.out) : full ? path.join(MODELS_ROOT, config.name, config.version) : path.join(tmpdir(), 'scangate-train-seg-quick');

const t0 = performance.now();
const progress = (message: string) => process.stdout.write(`[train-seg ${((performance.now() - t0) / 1000).toFixed(1)}s] ${message}\n`);

const backend = await selectBackend();
if (backend.name !== 'wasm') throw new Error(`conv-seg trains on the wasm backend (our gradient kernels); selected ${backend.name}`);
registerWasmGradientKernels();
const kernels = loadKernels();
progress(`backend ${backend.name}${backend.simd ? ' (SIMD)' : ''} + wasm gradient kernels; writing ${outDir}`);

// 1. Scans: normal ones, then generator anomalies (same training seed range, after the normal ones).
// A helper thread on the second core prepares half of them, then mines half the normal scans, then
// scores half the calibration and validation scans.
const helper = ScoringHelper.start();
const scans = await collectSegScans(kernels, config, progress, helper);
let generateMs = scans.generateMs;
const anomalyScans = [...scans.anomalies.values()].flat();
const positiveCells = anomalyScans.reduce((n, s) => n + s.positives.length, 0);
const usableAnomalyScans = anomalyScans.filter((s) => s.positives.length > 0).length;
progress(`${scans.normals.length} normal scans, ${usableAnomalyScans}/${anomalyScans.length} anomaly scans with labelled cells (${positiveCells} cells)`);

// 2. Train.
const { network, fit } = await trainSegModel(
  kernels,
  scans,
  config.trainingAnomalies.kinds,
  config,
  (step, loss, sps) => progress(`step ${step}/${config.fit.steps} loss ${loss.toFixed(4)} (${sps.toFixed(0)} crops/s)`),
  helper,
);
scans.normals.length = 0;
scans.anomalies.clear();

// 3. Calibrate on held-out normal scans, with and without the low-energy image.
const meta = segMeta(config);
await helper.load(network, meta);
const calibrated = await calibrationScores(kernels, network, meta, config, progress, helper);
generateMs += calibrated.generateMs;
meta.calibration = calibrated.calibration;
const trainingSeconds = (performance.now() - t0) / 1000;
progress(`trained and calibrated in ${trainingSeconds.toFixed(0)}s (generator ${(generateMs / 1000).toFixed(0)}s of CPU over both threads, fit ${fit.fitSeconds.toFixed(0)}s)`);

// 4. Validate on the validation seed range and time inference.
const model = createAnomalyModel(network, meta);
await helper.load(network, meta);
const report = await validateModel(
  kernels,
  model,
  config.validation,
  (done, total) => {
    if (done % 40 === 0 || done === total) progress(`validation scans ${done}/${total}`);
  },
  helper,
);
await helper.close();
const timing = await timeInference(kernels, model);
const densityProbe = await probeDensity(kernels, model);
progress(`denser-block probe: ${densityProbe.map((r) => `+${r.added} ${r.flagged ? 'flagged' : 'LOST'}`).join(', ')}${densityProbe.every((r) => r.flagged) ? '' : ' (fails the model test the registry default must pass)'}`);
const densitySurvey = await surveyDensity(kernels, model);
progress(`denser-block survey (${densitySurvey.loads} loads): flagged ${densitySurvey.flagged.map((f) => `+${f.added} ${(100 * f.share).toFixed(0)} %`).join(', ')}; found then missed denser in ${densitySurvey.lostAsDenser} of ${densitySurvey.foundOnce} loads`);
progress(`validation AUROC dual ${report.metrics.dual.auroc.toFixed(3)} (det@1%FA ${(100 * report.metrics.dual.detectionAt1PctFa).toFixed(1)} %) single ${report.metrics.single.auroc.toFixed(3)}; inference median ${timing.medianMs.toFixed(1)} ms`);
for (const row of report.detectionByKind) progress(`  ${row.group}: yellow ${(100 * row.yellow).toFixed(0)} % red ${(100 * row.red).toFixed(0)} % located ${(100 * (row.located ?? 0)).toFixed(0)} %`);

// 5. Write the version directory; the registry only on request.
const fullMeta = { ...meta, training: { anomalyKinds: [...config.trainingAnomalies.kinds] } };
await writeVersion(
  outDir,
  network,
  fullMeta,
  { metrics: report.metrics, visibleMetrics: report.visibleMetrics, detectionByKind: report.detectionByKind, falseAlarmsByCargo: report.falseAlarmsByCargo, falseAlarmsByContainer: report.falseAlarmsByContainer, timing, results: report.results },
  renderSegModelCard({ config, meta, backend: `${backend.name}${backend.simd ? ' (SIMD)' : ''} + wasm gradient kernels`, parameters: network.countParams(), positiveCells, usableAnomalyScans, fit, trainingSeconds, generatorSeconds: generateMs / 1000, report, timing, densityProbe, densitySurvey, quick: !full, reproduce: reproduceCommand({ recipe: options.recipe, override: options.override?.text, scaled: scaledOptions }) }),
);
if (options.setDefault && full && !options.out) await setDefaultModel(config.name, config.version);
progress(`done: ${outDir}`);
tf.disposeVariables();
