/**
 * `npm run eval [-- --model <name@version|dir>] [--scale <f>]`: re-measures a committed model on the
 * validation seed range (the one the card reports) and times inference, with no training involved.
 * Differences from the card mean the generator or the preprocessing changed since training.
 */
import { loadKernels } from '../../kernels/index.js';
import { loadAnomalyModel } from '../inference/anomaly-model.js';
import { TRAIN_CONFIG } from '../training/train-config.js';
import { timeInference } from './inference-timing.js';
import { validateModel, type RateRow } from './validate.js';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const scale = Number(option('--scale') ?? 1);
const plan = {
  ...TRAIN_CONFIG.validation,
  normalScans: Math.max(8, Math.round(TRAIN_CONFIG.validation.normalScans * scale)),
  scansPerKind: Math.max(4, Math.round(TRAIN_CONFIG.validation.scansPerKind * scale)),
};

const kernels = loadKernels();
const model = await loadAnomalyModel(option('--model'));
const started = performance.now();
const report = await validateModel(kernels, model, plan, (done, total) => {
  if (done % 40 === 0 || done === total) process.stdout.write(`[eval] scans ${done}/${total}\n`);
});
const timing = await timeInference(kernels, model);
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
const rows = (title: string, list: RateRow[]) =>
  [title, ...list.map((r) => `  ${r.group.padEnd(16)} n=${String(r.scans).padEnd(4)} yellow ${pct(r.yellow).padStart(7)}  red ${pct(r.red).padStart(7)}${r.located === undefined ? '' : `  located ${pct(r.located)}`}`)].join('\n');

process.stdout.write(
  [
    `model ${model.name}@${model.version}, validation seeds from 3000000, ${report.results.length} scans in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    `AUROC dual ${report.metrics.dual.auroc.toFixed(3)} (detection at 1 % FA ${pct(report.metrics.dual.detectionAt1PctFa)}), single ${report.metrics.single.auroc.toFixed(3)} (${pct(report.metrics.single.detectionAt1PctFa)})`,
    `AUROC dual, contrast >= 0.5: ${report.visibleMetrics.auroc.toFixed(3)} (detection at 1 % FA ${pct(report.visibleMetrics.detectionAt1PctFa)}, ${report.visibleMetrics.anomalous} scans)`,
    rows('detection per kind (dual):', report.detectionByKind),
    rows('false alarms per cargo (dual, normal scans):', report.falseAlarmsByCargo),
    rows('false alarms per container (dual, normal scans):', report.falseAlarmsByContainer),
    `inference on a ${timing.image.width}x${timing.image.height} 40 ft dual-energy scan (${timing.modelInput.width}x${timing.modelInput.height} model px): median ${timing.medianMs.toFixed(1)} ms, p95 ${timing.p95Ms.toFixed(1)} ms (${timing.runs} runs after warm-up)`,
  ].join('\n') + '\n',
);
