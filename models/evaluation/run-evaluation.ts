/**
 * The evaluation end to end: load the model(s), score the test set, summarise, write
 * `evaluation.md` and `roc.png` (one model) or `compare.md` and `roc-compare.png` (two), and, on a
 * full run, link the evaluation from the model card and the card from the models README.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GENERATOR_VERSION } from '../../fixtures/generator/version.js';
import { createProgressBar, type ProgressBar } from '../../fixtures/progress.js';
import { loadKernels, type Kernels } from '../../kernels/index.js';
import { loadAnomalyModel, type AnomalyModel } from '../inference/anomaly-model.js';
import { readModelMeta } from '../inference/model-meta.js';
import { MODELS_ROOT, resolveModelDir } from '../io/model-registry.js';
import { ScoringHelper } from '../training/scoring-helper.js';
import type { LaneThresholds } from '../../workers/risk-fusion.js';
import type { EvalOptions } from './eval-options.js';
import { summariseModel, type EvaluationReport } from './evaluation-report.js';
import { writeMarkedSection } from './marked-section.js';
import { renderComparison, renderEvaluation } from './report-markdown.js';
import { writeRocPng, type RocSeries } from './roc-plot.js';
import { timeInference } from './inference-timing.js';
import { renderLeaveOneOut, runLeaveOneOut } from './leave-one-out.js';
import { segLeaveOneOutRecipe } from './leave-one-out-seg.js';
import { TILE_RECIPE } from './leave-one-out-tile.js';
import { compareOnSameScans } from './paired-comparison.js';
import { scoreTestSet, type ScoredTestSet } from './score-test-set.js';
import { planTestScans } from './test-set.js';
import { trainedFamilies } from './trained-families.js';

export interface EvaluationRun {
  reports: EvaluationReport[];
  /** Files written (markdown and PNG). */
  files: string[];
  /** Markdown of the comparison, or of the single evaluation. */
  markdown: string;
  seconds: number;
}

export interface RunContext {
  kernels: Kernels;
  thresholds: LaneThresholds;
  weightTolerance: number;
  /** How the run was started, quoted in the markdown. */
  command: string;
  onProgress?: (done: number, total: number) => void;
  /** Model root for specs (tests point it elsewhere); default `models/`. */
  modelsRoot?: string;
  /** Score part of the scans on a helper thread (`npm run eval` does; 1.24× in `npm run bench:training-threads`). */
  helperThread?: boolean;
}

/** Runs the evaluation described by `options`. */
export async function runEvaluation(options: EvalOptions, ctx: RunContext): Promise<EvaluationRun> {
  const started = performance.now();
  const dirs = options.models.map((spec) => modelDir(spec, ctx.modelsRoot));
  const models: AnomalyModel[] = [];
  for (const dir of dirs) models.push(await loadAnomalyModel(dir));
  const plans = planTestScans(options.plan);
  const scoring = { thresholds: ctx.thresholds, weightTolerance: ctx.weightTolerance };
  const helper = ctx.helperThread ? ScoringHelper.start() : undefined;
  let scored: ScoredTestSet;
  try {
    await helper?.loadModels(dirs);
    scored = await scoreTestSet(ctx.kernels, models, plans, { ...scoring, onProgress: ctx.onProgress }, helper && ((plan) => helper.testScan(plan, scoring)));
  } finally {
    await helper?.close();
  }
  const reports: EvaluationReport[] = [];
  for (const [i, m] of models.entries()) {
    const report = summariseModel(scored, i, `${m.name}@${m.version}`, { thresholds: ctx.thresholds, trainedFamilies: trainedFamilies(dirs[i]), replicates: options.replicates });
    // The same 40 ft dual-energy scan as the card's timing, so versions compare on equal work.
    const timing = await timeInference(ctx.kernels, m, options.full ? 20 : 3);
    reports.push({ ...report, timing: { ...report.timing, sharedCores: helper !== undefined }, standardScan: { medianMs: timing.medianMs, p95Ms: timing.p95Ms, runs: timing.runs, size: `${timing.image.width} × ${timing.image.height}` } });
  }
  const seconds = (performance.now() - started) / 1000;
  const seeds = { from: plans[0].seed, to: plans[plans.length - 1].seed };
  const files: string[] = [];
  // Only a whole test-set run belongs beside the model card; validation runs are for choosing versions.
  const besideCard = options.full && options.split === 'test';
  const outDir = (dir: string) => {
    const target = options.out ?? (besideCard ? dir : path.join(os.tmpdir(), 'scangate-eval', ...(options.split === 'test' ? [] : [options.split]), path.basename(path.dirname(dir)), path.basename(dir)));
    mkdirSync(target, { recursive: true });
    return target;
  };

  if (options.compare) {
    const target = outDir(path.join(os.tmpdir(), 'scangate-eval', 'compare', 'latest'));
    const png = path.join(target, 'roc-compare.png');
    await writeRocPng(png, reports.flatMap((r, i) => [
      { label: `${r.model} image anomalies`, points: r.roc.overall, bold: true, dashed: i === 1 },
    ]), `${reports[0].model} vs ${reports[1].model}`);
    const markdown = renderComparison(reports[0], reports[1], compareOnSameScans(scored, options.replicates));
    const md = path.join(target, 'compare.md');
    writeFileSync(md, `# ${reports[0].model} vs ${reports[1].model}\n\nSame ${plans.length} ${options.split} scans of fixture generator ${GENERATOR_VERSION} (seeds ${seeds.from}–${seeds.to}), \`${ctx.command}\`.\n\n![ROC](roc-compare.png)\n\n${markdown}`);
    files.push(png, md);
    return { reports, files, markdown, seconds };
  }

  const report = reports[0];
  const target = outDir(dirs[0]);
  const png = path.join(target, 'roc.png');
  await writeRocPng(png, rocSeries(report), report.model);
  const leaveOneOut = existsSync(path.join(target, 'leave-one-out.md')) ? 'leave-one-out.md' : undefined;
  const markdown = renderEvaluation(report, { command: ctx.command, seeds, split: options.split, seconds, rocImage: 'roc.png', leaveOneOut });
  const md = path.join(target, 'evaluation.md');
  writeFileSync(md, markdown);
  files.push(png, md);
  if (besideCard && options.out === undefined) linkFromCardAndReadme(dirs[0], report, ctx.modelsRoot ?? MODELS_ROOT);
  return { reports, files, markdown, seconds };
}

/**
 * `--leave-one-out`: retrains the model's recipe (tile or conv-seg) per excluded family and writes `leave-one-out.md`
 * (full run: beside the evaluation of `--model`, default tile-anomaly@1.0.0; else the temp directory).
 * @returns the markdown file written.
 */
export async function runLeaveOneOutCli(options: EvalOptions, command: string, kernels = loadKernels()): Promise<string> {
  const started = performance.now();
  const trainingScale = options.full ? 0.35 : 0.1;
  const bars = new Map<string, ProgressBar>();
  const dir = modelDir(options.models[0]);
  const meta = await readModelMeta(dir);
  const recipe = meta.architecture === 'conv-seg' ? segLeaveOneOutRecipe(meta.version) : TILE_RECIPE;
  const runs = await runLeaveOneOut(kernels, recipe, {
    trainingScale,
    normalScans: Math.min(400, options.plan.normalScans),
    scansPerFamily: options.plan.scansPerFamily,
    replicates: options.replicates,
    onProgress: (stage, done, total) => {
      const bar = bars.get(stage) ?? bars.set(stage, createProgressBar(`[leave-one-out] ${stage}`, total)).get(stage)!;
      bar.update(done);
      if (done === total) bar.stop();
    },
  });
  const target = options.out ?? (options.full ? dir : path.join(os.tmpdir(), 'scangate-eval', 'leave-one-out'));
  mkdirSync(target, { recursive: true });
  const file = path.join(target, 'leave-one-out.md');
  writeFileSync(file, renderLeaveOneOut(runs, { command, trainingScale, seconds: (performance.now() - started) / 1000, recipe }));
  return file;
}

function modelDir(spec: string | undefined, root = MODELS_ROOT): string {
  if (spec && (spec.includes('/') || spec.includes(path.sep) || existsSync(spec))) return path.resolve(spec);
  return resolveModelDir(spec, root);
}

/** Overall curve in bold, then one per family; declaration families dashed (not the model's job). */
export function rocSeries(report: EvaluationReport): RocSeries[] {
  return [
    { label: `all image anomalies (AUROC ${report.overall.auroc.toFixed(3)})`, points: report.roc.overall, bold: true },
    ...report.families.map((f) => ({
      label: `${f.family} (${f.metrics.auroc.toFixed(3)})${f.trained === false && f.scope === 'image' ? ' held out' : ''}`,
      points: report.roc.byFamily[f.family],
      dashed: f.scope === 'declaration',
    })),
  ];
}

function linkFromCardAndReadme(dir: string, report: EvaluationReport, root: string): void {
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
  const [d1, d01] = report.overall.detection;
  writeMarkedSection(path.join(dir, 'card.md'), 'evaluation', [
    '## Evaluation on the test set',
    `[evaluation.md](evaluation.md) (\`npm run eval\`, ${report.scans} scans from the test seed range): image AUROC ${report.overall.auroc.toFixed(3)},`,
    `AUPR ${report.overall.aupr.toFixed(3)}, detection ${pct(d1.rate)} at 1 % and ${pct(d01.rate)} at 0.1 % false alarms; per family, per cargo kind,`,
    'pixel AUROC, false alarms by cargo and container, achieved false-alarm rates. ROC curves: [roc.png](roc.png).',
    ...(existsSync(path.join(dir, 'leave-one-out.md')) ? ['Retrained without each anomaly family: [leave-one-out.md](leave-one-out.md).'] : []),
  ].join('\n'));
  const rel = path.relative(root, dir).split(path.sep).join('/');
  writeMarkedSection(path.join(root, 'README.md'), `evaluation-${report.model}`, [
    `**${report.model}**: model card [${rel}/card.md](${rel}/card.md); test-set evaluation [${rel}/evaluation.md](${rel}/evaluation.md)`,
    `(image AUROC ${report.overall.auroc.toFixed(3)}, detection ${pct(d1.rate)} at 1 % false alarms; \`npm run eval -- --model ${report.model}\`,`,
    '`--count 100` for a quick look, `--compare A B` for two versions on the same scans).',
  ].join('\n'));
}
