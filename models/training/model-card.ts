/**
 * Renders card.md for a trained version: what the model is, what it was trained and calibrated on,
 * how it was validated and what its thresholds mean on normal traffic.
 */
import { GENERATOR_VERSION } from '../../fixtures/generator/index.js';
import type { InferenceTiming } from '../evaluation/inference-timing.js';
import { DECLARATION_ANOMALIES, type RateRow, type ValidationReport } from '../evaluation/validate.js';
import { rawThreshold, sortCalibration } from '../inference/calibration.js';
import type { ModelMeta } from '../inference/model-meta.js';
import { SEED_BASES } from './dataset.js';
import type { TrainConfig } from './train-config.js';

export interface CardInput {
  config: TrainConfig;
  meta: ModelMeta;
  backend: string;
  parameters: number;
  classCounts: number[];
  /** Generator anomaly scans that contributed labelled tiles. */
  anomalyScans: number;
  losses: number[];
  trainingSeconds: number;
  fitSeconds: number;
  generatorSeconds: number;
  report: ValidationReport;
  timing: InferenceTiming;
  quick: boolean;
}

export const pct = (v: number) => (Number.isNaN(v) ? 'n/a' : `${(100 * v).toFixed(1)} %`);

export function table(title: string, rows: RateRow[], location: boolean): string {
  const head = `| ${title} | scans | yellow (p ≤ 0.05) | red (p ≤ 0.01) |${location ? ' yellow and a finding on the truth |' : ''}`;
  const rule = `|---|---|---|---|${location ? '---|' : ''}`;
  const body = rows.map((r) => `| ${r.group} | ${r.scans} | ${pct(r.yellow)} | ${pct(r.red)} |${location ? ` ${pct(r.located ?? Number.NaN)} |` : ''}`);
  return [head, rule, ...body].join('\n');
}

/** Builds the markdown card. */
export function renderModelCard(input: CardInput): string {
  const { config, meta, report, timing } = input;
  const c = config;
  const dual = sortCalibration(meta.calibration.dual.scores);
  const single = sortCalibration(meta.calibration.single.scores);
  const seeds = (split: keyof typeof SEED_BASES, count: number) => `${SEED_BASES[split]}–${SEED_BASES[split] + count - 1}`;
  const validationCount = c.validation.normalScans + c.validation.anomalyKinds.length * c.validation.scansPerKind;
  return `# ${meta.name} ${meta.version}
${input.quick ? '\n> SCALED-DOWN RUN (--quick or --scale): small data sets, figures not representative. Do not commit.\n' : ''}
Per-tile anomaly model for container X-ray scans. It flags local image content that normal cargo
does not show (dense or high-Z objects, organic masses, false walls, irregular items) and returns
a heatmap, findings with boxes, a raw score and a conformally calibrated 0-100 score with its p-value.
It does not read the declaration: weight, HS-code and declared-empty checks belong to risk fusion.

## Architecture
- Input: high-energy attenuation A = −ln T and, when the low-energy image exists, the ratio
  A_low / A_high (0 where A_high < ${meta.ratioMinAttenuation}), both area-downsampled by the WASM kernels to
  ${meta.modelPixelMm} mm/px (\`models/inference/model-input.ts\`).
- Tiles: ${meta.tileSize} × ${meta.tileSize} model px (${(meta.tileSize * meta.modelPixelMm) / 10} cm), stride ${meta.tileStride}; ${meta.featureNames.length} features per tile
  (feature set \`${meta.featureSet}\`): ${meta.featureNames.map((n) => `\`${n}\``).join(', ')}.
  Local statistics plus context (tile against its tile row and its 8 neighbours) and position.
- Network: dense ${c.hidden.join(' → ')} (ReLU) → ${meta.classes.length} logits (${meta.classes.join(', ')}), ${input.parameters} parameters.
  Dense only, because the tf.js wasm backend cannot train convolutions (no Conv2DBackpropFilter).
- Scored region: the container, found from the image (the longest run of columns where the ray
  crosses matter, then the rows covered almost everywhere, capped at 2.9 m below the roof); the cab,
  chassis, wheels and air are not scored (\`inference/cargo-region.ts\`).
- Tile score: log-odds of any anomaly class against normal. Scan raw score: the highest tile score
  in the scored region.
  Heatmap: sigmoid(tile score − finding threshold), so 0.5 marks where tiles become findings.
- Findings: 8-connected tiles whose scan-level p-value is ≤ ${meta.findingPValue}; box in model pixels, kind from
  the strongest tile's most likely class, score = calibrated score of that tile.
- Tile batches are zero-padded to ${meta.batchSizes.join(' / ')} rows: the wasm backend wants fixed shapes.

## Data
All data comes from the fixture generator (version ${GENERATOR_VERSION}) at 5 mm/px, dual energy; cargo kinds cycle
(produce, frozen seafood, electronics, textiles, machinery, steel, general, empty) and the generator
pairs containers with cargo as traffic does (reefers for cold chain, 20 ft / open-top for steel).
- Training: ${c.trainingScans} normal scans, seeds ${seeds('training', c.trainingScans)}. Every tile of each clean scan is a
  normal example (${input.classCounts[0]} rows). ${c.samples.injectedCopies} copies per scan get ${c.samples.objectsPerCopy} synthetic objects each, injected
  in attenuation space at model resolution with both energies consistent (steel, lead, aluminium
  blocks; organic masses ρ 0.9–1.3; 8–90 cm, thickness along the beam drawn per material; the
  object displaces the cargo it replaces). Tiles that clearly hold an object are anomaly examples
  (dense ${input.classCounts[1]}, organic ${input.classCounts[2]}); tiles that only graze one, or objects adding < ${c.samples.minContrast} mean
  attenuation, are left out. ${Math.round(c.samples.singleEnergyShare * 100)} % of scans/copies are used without the ratio so one model
  serves single-energy scanners. Besides, ${c.trainingAnomalies.scansPerKind} generator scans per kind of ${c.trainingAnomalies.kinds.join(', ')}
  (training seed range, offset 500000; ${input.anomalyScans} usable) are paired with the same seed without the
  anomaly; tiles where the difference is clear become anomaly examples. False walls are never
  trained on (their difference moves the whole load), so their row below measures generalisation.
- Calibration: ${meta.calibration.dual.scores.length} held-out normal scans, seeds ${meta.calibration.dual.seeds.from}–${meta.calibration.dual.seeds.to}, scored with and without the ratio
  (stored in meta.json as \`calibration.dual\` / \`calibration.single\`).
- Validation: seeds ${seeds('validation', validationCount)}: ${c.validation.normalScans} normal scans and ${c.validation.scansPerKind} per anomaly kind
  (${c.validation.anomalyKinds.join(', ')}), generator's default contrast draw (0 = barely visible … 1 = obvious).

## Training
Seed ${c.seed}; Adam lr ${c.fit.learningRate}, batch ${c.fit.batchSize} (fixed; last partial batch dropped), ${c.fit.epochs} epochs,
anomaly rows resampled to ${c.fit.anomalyFraction * 100} % of each epoch, seeded shuffling, no dropout. From epoch
${c.fit.hardNegatives.fromEpoch + 1} on, the ${c.fit.hardNegatives.share * 100} % most anomalous-looking normal tiles (re-mined each epoch) are repeated
${c.fit.hardNegatives.repeat} more times per epoch (hard-negative mining). Backend ${input.backend}.
Loss per epoch: ${input.losses.map((l) => l.toFixed(4)).join(', ')}.
Time to trained and calibrated weights: ${input.trainingSeconds.toFixed(0)} s (${input.generatorSeconds.toFixed(0)} s in the generator, ${input.fitSeconds.toFixed(0)} s fitting) on a shared 2-core machine.
Reproduce: \`npm run train\` (deterministic by seed on the same backend).

## Calibration: what the thresholds mean
p-value = (1 + #{calibration ≥ s}) / (n + 1); calibrated score = 100 · (1 − p). On normal traffic like
the calibration set, p ≤ 0.05 (yellow) alarms ~5 % of scans and p ≤ 0.01 (red) ~1 %.
Raw thresholds: dual energy yellow > ${rawThreshold(dual, 0.05).toFixed(3)}, red > ${rawThreshold(dual, 0.01).toFixed(3)};
single energy yellow > ${rawThreshold(single, 0.05).toFixed(3)}, red > ${rawThreshold(single, 0.01).toFixed(3)}.

## Validation
Image anomalies (${report.metrics.dual.anomalous} scans) against normal scans (${report.metrics.dual.normal}):

| input | AUROC | detection at 1 % false alarms |
|---|---|---|
| dual energy | ${report.metrics.dual.auroc.toFixed(3)} | ${pct(report.metrics.dual.detectionAt1PctFa)} |
| single energy | ${report.metrics.single.auroc.toFixed(3)} | ${pct(report.metrics.single.detectionAt1PctFa)} |
| dual energy, contrast ≥ 0.5 only (${report.visibleMetrics.anomalous} scans) | ${report.visibleMetrics.auroc.toFixed(3)} | ${pct(report.visibleMetrics.detectionAt1PctFa)} |

Detection per kind (dual energy, calibrated p-value thresholds):

${table('anomaly', report.detectionByKind, true)}

False alarms on normal validation scans (dual energy), per cargo kind and per container:

${table('cargo', report.falseAlarmsByCargo, false)}

${table('container', report.falseAlarmsByContainer, false)}

Inference (\`model.score\`: features, network, heatmap, findings) on a ${timing.image.width} × ${timing.image.height} px 40 ft
dual-energy scan (${timing.modelInput.width} × ${timing.modelInput.height} model px): median ${timing.medianMs.toFixed(1)} ms, p95 ${timing.p95Ms.toFixed(1)} ms over ${timing.runs} runs
after warm-up; kernels preprocessing before it ${timing.preprocessMs.toFixed(0)} ms (first call).

## Limitations
- Trained and validated on synthetic scans only; real scanner data will shift the feature
  distribution and needs recalibration (new calibration scores, same weights) before any use.
- ${DECLARATION_ANOMALIES.join(', ')} are invisible to an image-only model by design.
- Faint anomalies (low generator contrast, a few cm, or inside dense metal cargo) are missed; the
  per-kind table above is the honest figure, not the AUROC alone.
- Calibration assumes the calibration scans are exchangeable with live traffic; the cargo mix here is
  uniform over eight kinds, which live traffic is not.
`;
}
