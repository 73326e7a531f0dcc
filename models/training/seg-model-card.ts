/**
 * The model card of a conv-seg version (`card.md`): design and why, data, training, calibration,
 * validation. Filled from the run, so every figure in it was measured by that run.
 */
import { GENERATOR_VERSION } from '../../fixtures/generator/version.js';
import { DENSITY_PROBE, type DensityProbeRow } from '../evaluation/density-probe.js';
import { renderDensitySurvey, type DensitySurvey } from '../evaluation/density-survey.js';
import type { InferenceTiming } from '../evaluation/inference-timing.js';
import { REACH_FAMILIES } from '../evaluation/test-set.js';
import type { ValidationReport } from '../evaluation/validate.js';
import type { ModelMeta } from '../inference/model-meta.js';
import { END_SPAN_PX, isSegInputSet, ROOF_FLOOR_SPAN_PX, SEG_INPUT_SETS } from '../inference/seg-input.js';
import { SEED_BASES } from './dataset.js';
import { receptiveField } from './seg-network.js';
import { anomalyScansOf, heldOutKinds, type SegTrainConfig } from './seg-train-config.js';
import type { SegFitStats } from './seg-training.js';
import { ANOMALY_OFFSET } from './training-run.js';

export interface SegCardInput {
  config: SegTrainConfig;
  meta: ModelMeta;
  backend: string;
  parameters: number;
  positiveCells: number;
  usableAnomalyScans: number;
  fit: SegFitStats;
  trainingSeconds: number;
  generatorSeconds: number;
  report: ValidationReport;
  timing: InferenceTiming;
  densityProbe: DensityProbeRow[];
  densitySurvey: DensitySurvey;
  quick: boolean;
  /** The command that trains this run again (`reproduceCommand` in `seg-recipes.ts`). */
  reproduce: string;
}

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

export function renderSegModelCard(input: SegCardInput): string {
  const { config, meta, report, timing, fit } = input;
  const g = config.geometry;
  const kinds = config.trainingAnomalies.kinds;
  const heldOut = heldOutKinds(config);
  const inputSet = isSegInputSet(meta.featureSet) ? SEG_INPUT_SETS[meta.featureSet] : undefined;
  const hatSides: readonly number[] = inputSet?.hatSides ?? [];
  const { relative = false, position = false } = inputSet ?? {};
  const raw = (set: number[], p: number) => set[Math.max(0, Math.ceil((1 - p) * (set.length + 1)) - 2)]?.toFixed(3);
  return `# ${config.name} ${config.version}${input.quick ? ' (scaled-down run, not for use)' : ''}

Fully convolutional anomaly model for container X-ray scans: a per-pixel anomaly map (8 cm cells) and
a per-scan score, conformally calibrated. Same contract as tile-anomaly (\`AnomalyModel\`), same
input planes from the WASM kernels, same calibration seeds and validation scans. It does not read
the declaration: weight, HS-code and declared-empty checks belong to risk fusion.

## Design and why
${meta.deadRowRepair ? `- Detector correction first: rows that read dark across the whole scan (dead detector elements) are
  interpolated from the rows around them (\`kernels.repairDeadRows\`, WASM) before calibration, in training,
  calibration, evaluation and the worker alike. Why: a dead row is a line of maximal attenuation; where it
  crosses a wall, a door frame or a carton edge it looks like a small dense object. It was where the
  hottest cell sat in 14 of conv-seg 1.1.0's 40 highest-scoring validation normals (2 expected by chance).
` : ''}- Input: the worker's model-resolution planes (${config.modelPixelMm} mm/px): high-energy attenuation, the
  dual-energy ratio (0 when there is no low-energy image) and attenuation minus the median of its
  image row inside the container${hatSides.length > 0 ? `; per scale of ${hatSides.map((s) => `${s} px (${((s * config.modelPixelMm) / 10).toFixed(0)} cm)`).join(' and ')}, the
  compact top-hat of the attenuation (what is dense and smaller than the scale in both directions) and the
  load's texture (log of its 90th percentile over the load, one value per scan)` : ''} (\`inference/seg-input.ts\`, set \`${meta.featureSet}\`), normalised with
  mean ${JSON.stringify(meta.featureMean)} and std ${JSON.stringify(meta.featureStd)} (stored in meta.json).${hatSides.length > 0 ? `
  Why: with a ${((receptiveField(config.layers) * config.modelPixelMm) / 10).toFixed(0)} cm receptive field the network cannot tell a frozen-fish load, where a
  10 cm dense bump never happens, from an electronics load, where every carton has one. The top-hat
  hands it the bump (zero on carton edges, stacks and the container's lines), the texture says how
  usual such bumps are in this load, at the scale of a small block and of a stack of bricks.` : ''}${relative ? `
- Per scale, how many times taller a bump is than the load's usual ones: log(1 + top-hat / (0.1 + the
  load's 90th percentile)). Why: the network had the bump and the texture but not their ratio (a
  division is hard for a small ReLU network): conv-seg 1.3.0 passed a lead block adding 4.4 to a produce
  load whose 50 cm texture was high, and flagged it when told the load was flat.` : ''}${position ? `
- Where in the container: two more planes, the distance to the nearer container end (clipped at
  ${(END_SPAN_PX * config.modelPixelMm) / 1000} m) and to the roof or floor (clipped at ${(ROOF_FLOOR_SPAN_PX * config.modelPixelMm) / 1000} m). Why: the container's own
  structure is dense and compact exactly at its corners (corner castings: attenuation ≈ 9, top-hat ≈ 5).
  Without knowing where it was, conv-seg 1.2.0 learnt from its hard negatives that any 12 cm object
  that dense is normal, and scored a block adding 6 to the attenuation below one adding 1.` : ''}
- Network: ${describeLayers(config)} (ReLU between),
  ${input.parameters} parameters; output = anomaly log-odds per ${g.cell} × ${g.cell} model-px cell, receptive field ${receptiveField(config.layers)} px (${((receptiveField(config.layers) * config.modelPixelMm) / 10).toFixed(0)} cm).
  Why: the tile models (tile-anomaly, conv-patch) summarised 32 cm tiles and topped out near
  AUROC 0.80: a normal load's most unusual tile (a dark carton among light ones, a pallet gap)
  outscored a hidden object. Trained per cell against pixel-exact masks, a convolutional map
  learns the *shape* of cargo (cartons on a grid, straight pallet edges, uniform fill) and flags
  what breaks it, with far more supervision per scan than one label per tile.
- Inference: the container (\`inference/cargo-region.ts\`) plus a ${g.margin} px margin of context is cut into
  fixed windows (${g.windows.map(([h, w]) => `${h} × ${w}`).join(', ')} px; the wasm backend wants fixed shapes); overlapping
  windows keep each cell from the window where it lies farthest from an edge. Scan raw score: the
  highest cell log-odds inside the container. Heatmap: sigmoid(cell − finding threshold).
  Findings: 8-connected cells whose scan-level p-value would be ≤ ${config.findingPValue}.

## Data (fixture generator ${meta.generatorVersion ?? GENERATOR_VERSION}, 5 mm/px, dual energy)
- Normal: ${config.trainingScans} scans, seeds ${SEED_BASES.training}–${SEED_BASES.training + config.trainingScans - 1}.
- Generator anomalies: ${describeAnomalyScans(config)} (seeds from ${SEED_BASES.training + ANOMALY_OFFSET});
  ${input.usableAnomalyScans} had labelled cells (${input.positiveCells} anomalous cells). A cell is anomalous when the
  generator's mask covers ≥ 15 % of it; cells it covers less are left out of the loss${config.trainingAnomalies.minAddedAttenuation != null ? `,
  and so are mask cells where the anomaly adds less than ${config.trainingAnomalies.minAddedAttenuation} to the high-energy attenuation of every model pixel in the cell
  (the scan against the same seed generated without it, for ${REACH_FAMILIES.filter((k) => kinds.includes(k)).join(' and ')}): a block behind
  saturated steel is in the mask but not in the image` : ''}.
  **Held out (never trained on): ${heldOut.join(', ') || 'none'}**: their validation rows measure generalisation.
- Synthetic objects injected in attenuation space into normal crops (${pct(config.crops.injectedShare)} of crops):
  steel, lead, aluminium and organic masses, ${(config.crops.sizeCm ?? [8, 90]).join('–')} cm, outlines ${config.crops.shapes.map((s) => (s === 'box' ? 'blocks' : 'smooth irregular blobs')).join(' and ')},
  both energies consistent; labelled only when they add ≥ ${config.crops.minContrast} mean attenuation.
- Crops ${config.crops.size} × ${config.crops.size} px: ${pct(config.crops.anomalyShare)} around a generator anomaly, the rest normal
  (${config.crops.hardShare === 0.5 ? 'half' : pct(config.crops.hardShare)} of those on mined hard negatives once mining starts); ${pct(config.crops.singleEnergyShare)} without the ratio.

## Training
${describeSchedule(config)}${fit.averagedSteps > 0 && config.fit.average ? `
Final weights: the mean of ${fit.averagedSteps} snapshots, every ${config.fit.average.every} steps from step ${config.fit.average.from} (weight averaging, SWA):
retrainings of one recipe differed by ± 0.01 AUROC and passed or failed the denser-block probe by chance.` : ''}
Backend ${input.backend}: ${fit.samplesPerSecond.toFixed(0)} crops/s over the training steps${fit.helperCrops > 0 ? `, each step shared by two threads
(data parallel: a helper thread computes the gradients of ${fit.helperCrops} of the ${config.fit.batchSize} crops, this one the rest and the next batch)` : ''}
(\`npx tsx models/training/conv-throughput.ts --model conv-seg\` compares a step with the cpu backend).
Loss per ${fit.losses.length > 0 ? Math.round(config.fit.steps / fit.losses.length) : 0} steps: ${fit.losses.map((l) => l.toFixed(4)).join(', ')}.
Time to trained and calibrated weights: ${input.trainingSeconds.toFixed(0)} s (generator ${input.generatorSeconds.toFixed(0)} s of CPU over both threads, fitting ${fit.fitSeconds.toFixed(0)} s), 2 cores.
Reproduce: \`${input.reproduce}\`.

## Calibration
${config.calibrationScans} held-out normal scans (seeds ${meta.calibration.dual.seeds.from}–${meta.calibration.dual.seeds.to}), dual and single energy.
p = (1 + #{calibration ≥ s}) / (n + 1); calibrated score = 100 · (1 − p); yellow p ≤ 0.05, red p ≤ 0.01 (configuration).
Raw thresholds: dual yellow > ${raw(meta.calibration.dual.scores, 0.05)}, red > ${raw(meta.calibration.dual.scores, 0.01)};
single yellow > ${raw(meta.calibration.single.scores, 0.05)}, red > ${raw(meta.calibration.single.scores, 0.01)}.

## Validation (seeds ${SEED_BASES.validation}+; the honest figures are \`npm run eval\`'s, on the test seeds)
| input | AUROC | detection at 1 % false alarms |
|---|---|---|
| dual energy | ${report.metrics.dual.auroc.toFixed(3)} | ${pct(report.metrics.dual.detectionAt1PctFa)} |
| single energy | ${report.metrics.single.auroc.toFixed(3)} | ${pct(report.metrics.single.detectionAt1PctFa)} |

| anomaly | scans | yellow | red | yellow and a finding on the truth |
|---|---|---|---|---|
${report.detectionByKind.map((r) => `| ${r.group}${kinds.includes(r.group as never) ? '' : ' (held out)'} | ${r.scans} | ${pct(r.yellow)} | ${pct(r.red)} | ${pct(r.located ?? 0)} |`).join('\n')}

False alarms on normal validation scans per cargo:

| cargo | scans | yellow | red |
|---|---|---|---|
${report.falseAlarmsByCargo.map((r) => `| ${r.group} | ${r.scans} | ${pct(r.yellow)} | ${pct(r.red)} |`).join('\n')}

Inference (\`model.score\`, one thread, 40 ft dual-energy timing scan): median ${timing.medianMs.toFixed(1)} ms, p95 ${timing.p95Ms.toFixed(1)} ms.

## Denser-block probe (\`models/evaluation/density-probe.ts\`)
A 12 cm steel block added to a textiles load (seed ${DENSITY_PROBE.seed}), each time denser:

| added attenuation | finding on the block | p-value |
|---|---|---|
${input.densityProbe.map((r) => `| +${r.added} | ${r.flagged ? 'yes' : '**no**'} | ${r.pValue.toPrecision(3)} |`).join('\n')}

${densityVerdict(input.densityProbe)}

${renderDensitySurvey(input.densitySurvey)}
`;
}

/** What the probe means for the registry default (which must pass `test/models/inference/conv-seg-model.test.ts`). */
function densityVerdict(rows: readonly DensityProbeRow[]): string {
  const rule = 'the registry default must flag the block at every density (`test/models/inference/conv-seg-model.test.ts`)';
  if (rows.every((r) => r.flagged)) return `Passes: ${rule}.`;
  if (rows.some((r) => r.flagged)) return `**Fails**, losing the block as it gets denser: ${rule}; retrainings of one recipe pass or fail this by chance.`;
  return `**Fails**: no finding on the block at any density; ${rule}.`;
}

/** The layer stack as the card states it, e.g. "conv 3×3 16 → conv 3×3 /2 16 → … → conv 1×1 1". */
export function describeLayers(config: Pick<SegTrainConfig, 'layers'>): string {
  return `${config.layers.map(([filters, stride]) => `conv 3×3${stride > 1 ? ` /${stride}` : ''} ${filters}`).join(' → ')} → conv 1×1 1`;
}

/** The card's first training sentences: optimiser, schedule, loss and hard-negative mining. */
export function describeSchedule(config: SegTrainConfig): string {
  const { fit } = config;
  return `Seed ${config.seed}; Adam lr ${fit.learningRate} (×${fit.decay} at steps ${fit.decaySteps.join(', ')}), ${fit.steps} steps of
${fit.batchSize} crops, weighted ${fit.focalGamma ? `focal loss (γ ${fit.focalGamma})` : 'sigmoid cross-entropy'} per cell (anomalous cells ×${config.crops.positiveWeight})${fit.hottestCellWeight ? `, plus per crop the cross-entropy of its hottest normal and hottest anomalous cell, each weighted as ${fit.hottestCellWeight} cells${fit.hottestCellMargin ? `, the anomalous one pushed above log-odds ${fit.hottestCellMargin}` : ''}` : ''}${fit.pairWeight ? `, plus for each crop with an anomaly the mean over the normal crops of its thread's part of the batch of softplus(${fit.pairMargin ?? 0} − the gap between their hottest cells), weighted as ${fit.pairWeight} cells (a pairwise ranking loss)` : ''}; hard negatives
(the ${fit.hardPerScan} highest cells of every normal training scan) mined at steps ${fit.mineAtSteps.join(', ')}.`;
}

/**
 * The generator anomaly scans trained on, e.g. "360 scans per kind of dense-block, organic-brick, false-wall",
 * or with per-kind counts "scans per kind of dense-block (480), organic-brick (480), false-wall (120)"
 * (`trainedFamiliesFromCard` reads the kinds after "per kind of").
 */
export function describeAnomalyScans(config: Pick<SegTrainConfig, 'trainingAnomalies'>): string {
  const anomalies = config.trainingAnomalies;
  const counts = anomalies.kinds.map((kind) => anomalyScansOf(anomalies, kind));
  if (counts.every((n) => n === anomalies.scansPerKind)) return `${anomalies.scansPerKind} scans per kind of ${anomalies.kinds.join(', ')}`;
  return `scans per kind of ${anomalies.kinds.map((kind, k) => `${kind} (${counts[k]})`).join(', ')}`;
}
