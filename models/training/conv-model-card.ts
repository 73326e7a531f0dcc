/**
 * Renders card.md for a conv-patch version: design and why, data and seeds, training throughput,
 * calibration, validation (side by side with the tile-anomaly baseline when its validation.json is
 * on disk) and limitations.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GENERATOR_VERSION } from '../../fixtures/generator/index.js';
import type { InferenceTiming } from '../evaluation/inference-timing.js';
import { DECLARATION_ANOMALIES, type ValidationReport } from '../evaluation/validate.js';
import { rawThreshold, sortCalibration } from '../inference/calibration.js';
import type { ModelMeta } from '../inference/model-meta.js';
import { MODELS_ROOT } from '../io/model-registry.js';
import type { EpochStats } from './conv-network.js';
import type { ConvTrainConfig } from './conv-train-config.js';
import { SEED_BASES } from './dataset.js';
import { pct, table } from './model-card.js';

export interface ConvCardInput {
  config: ConvTrainConfig;
  meta: ModelMeta;
  backend: string;
  parameters: number;
  classCounts: number[];
  anomalyScans: number;
  epochs: EpochStats[];
  trainingSeconds: number;
  fitSeconds: number;
  generatorSeconds: number;
  report: ValidationReport;
  /** The same validation with the density weight set to 0 (head only). */
  ablation: ValidationReport['metrics'];
  timing: InferenceTiming;
  quick: boolean;
}

/** The committed baseline the card compares against. */
const BASELINE = { name: 'tile-anomaly', version: '1.0.0' };

function baselineRows(): string {
  const file = path.join(MODELS_ROOT, BASELINE.name, BASELINE.version, 'validation.json');
  if (!existsSync(file)) return '';
  const v = JSON.parse(readFileSync(file, 'utf8')) as Pick<ValidationReport, 'metrics' | 'visibleMetrics'> & { timing: InferenceTiming };
  return `| ${BASELINE.name} ${BASELINE.version} | ${v.metrics.dual.auroc.toFixed(3)} | ${pct(v.metrics.dual.detectionAt1PctFa)} | ${v.metrics.single.auroc.toFixed(3)} | ${pct(v.metrics.single.detectionAt1PctFa)} | ${v.visibleMetrics.auroc.toFixed(3)} | ${v.timing.medianMs.toFixed(0)} ms |\n`;
}

/** Builds the markdown card. */
export function renderConvModelCard(input: ConvCardInput): string {
  const { config: c, meta, report, timing } = input;
  const dual = sortCalibration(meta.calibration.dual.scores);
  const single = sortCalibration(meta.calibration.single.scores);
  const seeds = (split: keyof typeof SEED_BASES, count: number) => `${SEED_BASES[split]}–${SEED_BASES[split] + count - 1}`;
  const validationCount = c.validation.normalScans + c.validation.anomalyKinds.length * c.validation.scansPerKind;
  const sps = input.epochs.map((e) => (e.samples * 1000) / e.ms);
  const m = report.metrics;
  const falseWall = report.detectionByKind.find((r) => r.group === 'false-wall');
  return `# ${meta.name} ${meta.version}
${input.quick ? '\n> SCALED-DOWN RUN (--quick, --scale or --epochs): figures not representative. Do not commit.\n' : ''}
Per-tile anomaly model for container X-ray scans, successor candidate to tile-anomaly 1.0.0 and
installed beside it. Same contract (\`AnomalyModel\`), same input planes, same tiles, same conformal
calibration, findings and heatmap; what changes is what scores a tile.

## Design and why
- Tile score = **head log-odds + density evidence**.
- Head: a two-input network. Pixel patch ${meta.tileSize} × ${meta.tileSize} × 3 (attenuation, dual-energy ratio, attenuation
  minus the median of its image row; \`inference/patch-input.ts\`, set \`${meta.patchSet}\`) through
  conv 3×3 /2 ${c.conv.filters[0]} → conv 3×3 /2 ${c.conv.filters[1]} → conv 3×3 ${c.conv.filters[2]} → flatten (strided convs, no pooling: the wasm max-pool
  costs more than the convolutions); the ${meta.featureNames.length} tile
  features of tile-anomaly (\`${meta.featureSet}\`: context against the tile row and neighbours, top-hats,
  position) through dense ${c.conv.featureUnits}; joined by dense ${c.conv.headUnits} → ${meta.classes.length} logits (${meta.classes.join(', ')}).
  ${input.parameters} parameters. Why: the features summarise a tile into percentiles and lose shape (a
  compact block, a thin wall, a brick's edges); the patch keeps it, and the row-median channel gives
  the conv layers the context that makes a hidden object stand out in layered cargo.
- Density: Mahalanobis distance of the normalised features from a Gaussian fitted to normal
  training tiles (ridge ${c.density.ridge}; \`inference/density.ts\`), added as
  ${c.density.weight} · max(0, (√d² − median) / (p99 − median)). Why: the head only knows the kinds it was
  shown; a tile unlike every normal tile is far from this Gaussian whatever its kind. The weight is
  fixed a priori, not tuned on validation.
- Scan raw score: the highest tile score inside the container (\`inference/cargo-region.ts\`).
  Heatmap and findings as tile-anomaly 1.0.0 (findings at p ≤ ${meta.findingPValue}).
- Tile batches are zero-padded to ${meta.batchSizes.join(' / ')} rows (features and patches).

## Data (fixture generator ${GENERATOR_VERSION}, 5 mm/px, dual energy, model pixels ${meta.modelPixelMm} mm)
- Training: ${c.trainingScans} normal scans, seeds ${seeds('training', c.trainingScans)}; ${Math.round(c.normalShare * 100)} % of their tiles (seeded) are
  normal rows (${input.classCounts[0]}). ${c.samples.injectedCopies} copies per scan get ${c.samples.objectsPerCopy} objects each injected in attenuation
  space, both energies consistent (steel, lead, aluminium blocks; organic masses ρ 0.9–1.3; 8–90 cm).
  Generator anomalies: ${c.trainingAnomalies.scansPerKind} scans per kind of ${c.trainingAnomalies.kinds.join(', ')} (seeds
  ${SEED_BASES.training + 500000}–${SEED_BASES.training + 500000 + c.trainingAnomalies.kinds.length * c.trainingAnomalies.scansPerKind - 1}; ${input.anomalyScans} usable), labelled by the difference to the same seed without the
  anomaly. Anomaly rows: dense ${input.classCounts[1]}, organic ${input.classCounts[2]}. **False walls are never trained on**:
  they are the held-out family. ${Math.round(c.samples.singleEnergyShare * 100)} % of scans/copies are used without the ratio.
- Calibration: ${meta.calibration.dual.scores.length} normal scans, seeds ${meta.calibration.dual.seeds.from}–${meta.calibration.dual.seeds.to}, dual and single energy.
- Validation: seeds ${seeds('validation', validationCount)}: ${c.validation.normalScans} normal scans, ${c.validation.scansPerKind} per kind of ${c.validation.anomalyKinds.join(', ')}.

## Training
Seed ${c.seed}; Adam lr ${c.fit.learningRate}, batch ${c.fit.batchSize}, ${c.fit.epochs} epochs, anomaly rows resampled to
${c.fit.anomalyFraction * 100} % of each epoch; from epoch ${c.fit.hardNegatives.fromEpoch + 1} the ${c.fit.hardNegatives.share * 100} % most anomalous-looking normal rows are
repeated ${c.fit.hardNegatives.repeat} more times. Backend ${input.backend}.
Loss per epoch: ${input.epochs.map((e) => e.loss.toFixed(4)).join(', ')}.
Throughput (whole epoch incl. batch assembly and hard-negative mining): ${Math.min(...sps).toFixed(0)}–${Math.max(...sps).toFixed(0)} samples/s.
Time: ${input.trainingSeconds.toFixed(0)} s to trained and calibrated weights (${input.generatorSeconds.toFixed(0)} s generator, ${input.fitSeconds.toFixed(0)} s fitting), shared 2-core machine.
Reproduce: \`npm run train -- --model conv-patch\` (deterministic by seed on the same backend).

## Calibration
p = (1 + #{calibration ≥ s}) / (n + 1); calibrated score = 100 · (1 − p); yellow p ≤ 0.05, red p ≤ 0.01.
Raw thresholds: dual yellow > ${rawThreshold(dual, 0.05).toFixed(3)}, red > ${rawThreshold(dual, 0.01).toFixed(3)}; single yellow > ${rawThreshold(single, 0.05).toFixed(3)}, red > ${rawThreshold(single, 0.01).toFixed(3)}.

## Validation
Image anomalies (${m.dual.anomalous} scans) against normal scans (${m.dual.normal}), raw scan scores:

| model | AUROC dual | det. @ 1 % FA dual | AUROC single | det. @ 1 % FA single | AUROC dual, contrast ≥ 0.5 | inference median |
|---|---|---|---|---|---|---|
${baselineRows()}| ${meta.name} ${meta.version}, head only (density weight 0) | ${input.ablation.dual.auroc.toFixed(3)} | ${pct(input.ablation.dual.detectionAt1PctFa)} | ${input.ablation.single.auroc.toFixed(3)} | ${pct(input.ablation.single.detectionAt1PctFa)} | – | – |
| ${meta.name} ${meta.version} | ${m.dual.auroc.toFixed(3)} | ${pct(m.dual.detectionAt1PctFa)} | ${m.single.auroc.toFixed(3)} | ${pct(m.single.detectionAt1PctFa)} | ${report.visibleMetrics.auroc.toFixed(3)} | ${timing.medianMs.toFixed(0)} ms |

Held-out family (false-wall, never trained on): yellow ${pct(falseWall?.yellow ?? Number.NaN)}, red ${pct(falseWall?.red ?? Number.NaN)}.

Detection per kind (dual energy, calibrated p-value thresholds):

${table('anomaly', report.detectionByKind, true)}

False alarms on normal validation scans (dual energy):

${table('cargo', report.falseAlarmsByCargo, false)}

${table('container', report.falseAlarmsByContainer, false)}

Inference (\`model.score\`) on a ${timing.image.width} × ${timing.image.height} px 40 ft dual-energy scan (${timing.modelInput.width} × ${timing.modelInput.height} model px),
one thread: median ${timing.medianMs.toFixed(1)} ms, p95 ${timing.p95Ms.toFixed(1)} ms over ${timing.runs} runs after warm-up.

## Limitations
- Synthetic scans only; real data needs recalibration at least.
- ${DECLARATION_ANOMALIES.join(', ')} are invisible to an image-only model by design.
- With ${m.dual.normal} normal validation scans, "detection at 1 % false alarms" rests on the top one or two
  normal scores: read it with that resolution in mind.
`;
}
