/**
 * Leave-one-anomaly-family-out: a model family's recipe (`leave-one-out-tile.ts`,
 * `leave-one-out-seg.ts`) trains the same network (same config and seeds, at a reduced data scale so
 * it fits in minutes) once with every generator anomaly family and once per family with that
 * family's scans left out; all networks are then scored on the same test scans. A family's drop from
 * "all" to "without it" is how much its detection rests on having seen it. The synthetic injected
 * objects (dense and organic blocks) stay in every run: they are the recipe's physics prior, so
 * dense-block and organic-brick are never fully unseen. A recipe names the families no run trains
 * on (false walls for tile-anomaly, irregular items for conv-seg): every run measures them as held out.
 */
import type { AnomalyKind } from '../../fixtures/generator/index.js';
import { GENERATOR_VERSION } from '../../fixtures/generator/version.js';
import type { Kernels, Plane } from '../../kernels/index.js';
import type { ModelGeometry } from '../inference/model-input.js';
import { scoreMetrics, type ScoreMetrics } from './evaluation-report.js';
import { FULL_TEST_SET, generateTestScan, planTestScans, toModelTestInput } from './test-set.js';

export interface LeaveOneOutOptions {
  /** Share of the training data of a full run (0.35: 63 normal scans, 42 per family). */
  trainingScale: number;
  /** Normal test scans (the first ones of the test set) and scans per family. */
  normalScans: number;
  scansPerFamily: number;
  replicates: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface LeaveOneOutRun {
  /** `all`, or the family left out. */
  excluded: AnomalyKind | 'all';
  trainedOn: readonly AnomalyKind[];
  /** Per test family: metrics of this run's network. */
  byFamily: Map<AnomalyKind, ScoreMetrics>;
  fitSeconds: number;
}

/** Image families of the test. */
const TEST_FAMILIES: readonly AnomalyKind[] = ['dense-block', 'organic-brick', 'irregular-item', 'false-wall'];

/** One retrained network of a recipe, ready to score test scans. */
export interface TrainedVariant {
  excluded: AnomalyKind | 'all';
  trainedOn: AnomalyKind[];
  fitSeconds: number;
  /** Raw scan score (the model's `rawScore`) of one model-resolution input. */
  score(input: { attenuation: Plane; ratio?: Plane }): Promise<number>;
  dispose(): void;
}

/** How a model family retrains itself without a family. */
export interface LeaveOneOutRecipe {
  /** The model family, e.g. `tile-anomaly`. */
  name: string;
  /** What the networks are, for the report's first paragraph (markdown, one sentence). */
  description: string;
  /** Image families no run of the recipe trains on (held out everywhere). */
  neverTrained: readonly AnomalyKind[];
  geometry: ModelGeometry;
  /** Trains the network with every family (`all`) and once without each family it trains on. */
  train(kernels: Kernels, trainingScale: number, onProgress?: (stage: string, done: number, total: number) => void): Promise<TrainedVariant[]>;
}

/** Trains the recipe's networks and scores them on the same test scans. */
export async function runLeaveOneOut(kernels: Kernels, recipe: LeaveOneOutRecipe, options: LeaveOneOutOptions): Promise<LeaveOneOutRun[]> {
  const trained = await recipe.train(kernels, options.trainingScale, options.onProgress);
  // Scores: every network on the same test scans (the full test set's first normals and its family scans).
  const plans = planTestScans(FULL_TEST_SET).filter((p, i) =>
    p.anomaly === null ? i < options.normalScans : TEST_FAMILIES.includes(p.anomaly) && (i - FULL_TEST_SET.normalScans) % FULL_TEST_SET.scansPerFamily < options.scansPerFamily,
  );
  const raw = trained.map(() => new Map<AnomalyKind | 'normal', number[]>());
  for (const [n, plan] of plans.entries()) {
    const scan = generateTestScan(kernels, plan);
    const input = toModelTestInput(kernels, scan, recipe.geometry);
    for (const [m, t] of trained.entries()) {
      const rawScore = await t.score({ attenuation: input.attenuation, ratio: input.ratio });
      const key = plan.anomaly ?? 'normal';
      raw[m].set(key, [...(raw[m].get(key) ?? []), rawScore]);
    }
    options.onProgress?.('test scans', n + 1, plans.length);
  }
  const runs = trained.map((t, m) => ({
    excluded: t.excluded,
    trainedOn: t.trainedOn,
    byFamily: new Map(TEST_FAMILIES.map((f) => [f, scoreMetrics(raw[m].get('normal') ?? [], raw[m].get(f) ?? [], options.replicates)])),
    fitSeconds: t.fitSeconds,
  }));
  for (const t of trained) t.dispose();
  return runs;
}

/**
 * The runs as a markdown table: per test family, AUROC and detection at 1 % false alarms of each
 * network; the cell where a family is left out of its own network is in bold.
 */
export function renderLeaveOneOut(runs: readonly LeaveOneOutRun[], info: { command: string; trainingScale: number; seconds: number; recipe: Pick<LeaveOneOutRecipe, 'name' | 'description' | 'neverTrained'> }): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
  const families = [...runs[0].byFamily.keys()];
  const head = runs.map((r) => (r.excluded === 'all' ? 'all families' : `without ${r.excluded}`));
  const cell = (r: LeaveOneOutRun, f: AnomalyKind) => {
    const m = r.byFamily.get(f)!;
    const d = m.detection[0];
    const text = `${m.auroc.toFixed(3)} [${m.aurocInterval.low.toFixed(3)}, ${m.aurocInterval.high.toFixed(3)}]; ${pct(d.rate)} [${pct(d.interval.low)}, ${pct(d.interval.high)}]`;
    return r.excluded === f ? `**${text}**` : text;
  };
  const first = runs[0].byFamily.get(families[0])!;
  return [
    `# Leave-one-anomaly-family-out (${info.recipe.name} recipe)`,
    '',
    `Generated by \`${info.command}\` in ${info.seconds.toFixed(0)} s on fixture generator ${GENERATOR_VERSION}. ${info.recipe.description}`,
    `Retrained at ${Math.round(info.trainingScale * 100)} % of the training data, once with every generator anomaly`,
    'family and once without each; all networks scored on the same test scans (seeds from 8000000):',
    `${first.normal} normal scans and ${first.anomalous} per family. Cells: scan AUROC [95 % bootstrap]; detection at 1 % false alarms [95 % bootstrap].`,
    'Bold: the family is left out of that network\'s training. Injected synthetic dense and organic blocks stay in every run',
    `(they are the recipe, not a family), so dense-block and organic-brick are never entirely unseen; ${info.recipe.neverTrained.join(', ') || 'no family'} ${info.recipe.neverTrained.length === 1 ? 'is' : 'are'} in no run.`,
    '',
    `| test family | ${head.join(' | ')} |`,
    `| --- | ${head.map(() => '---').join(' | ')} |`,
    ...families.map((f) => `| ${f} | ${runs.map((r) => cell(r, f)).join(' | ')} |`),
    '',
    `Fit time per network: ${runs.map((r) => `${r.fitSeconds.toFixed(0)} s`).join(', ')}.`,
    '',
  ].join('\n');
}
