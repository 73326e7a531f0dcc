/**
 * Everything that defines a training run of the conv-seg model. Model pixels, ratio threshold and
 * validation seeds are those of tile-anomaly 1.0.0 (`train-config.ts`), so the versions compare on
 * the same scans, and calibration draws from the same seed range; changing any value and retraining
 * means a new version number. This is what `npm run train` makes (1.11.0); how every installed version
 * from 1.3.0 on differs from it is in `seg-recipes.ts` (`npm run train -- --recipe <version> --out <dir>`).
 * 1.0.0: input set v1, 240 normal and 120 scans per family, 300 calibration scans; 1.1.0: input set v3,
 * dead detector rows left in; 1.2.0: input set v3, injected objects from 8 cm.
 */
import type { AnomalyKind } from '../../fixtures/generator/types.js';
import { SEG_NORMALISATION, type SegNormalisation } from '../inference/seg-input.js';
import type { SegGeometry } from '../inference/seg-scorer.js';
import { checkSegConfig } from './seg-config-schema.js';
import type { CropMix } from './seg-crops.js';
import type { SegFitOptions } from './seg-training.js';
import { TRAIN_CONFIG, type TrainConfig } from './train-config.js';

export interface SegTrainConfig extends Pick<TrainConfig, 'seed' | 'modelPixelMm' | 'ratioMinAttenuation' | 'findingPValue' | 'calibrationScans' | 'validation'> {
  name: string;
  version: string;
  geometry: SegGeometry;
  layers: readonly (readonly [number, number])[];
  norm: SegNormalisation;
  /** Interpolate dead detector rows of every scan before calibration (`detectorCorrected`); stored in the meta. */
  deadRowRepair: boolean;
  trainingScans: number;
  /**
   * `scansOfKind`: per-kind counts in place of `scansPerKind` (absent: every kind has `scansPerKind`);
   * `minAddedAttenuation`: see `SegScanOptions`; null (≤ 1.6.0) labels every cell the generator's mask covers.
   */
  trainingAnomalies: { kinds: readonly AnomalyKind[]; scansPerKind: number; scansOfKind?: Readonly<Partial<Record<AnomalyKind, number>>> | null; minAddedAttenuation?: number | null };
  crops: CropMix;
  fit: SegFitOptions;
}

export const SEG_TRAIN_CONFIG: Readonly<SegTrainConfig> = {
  name: 'conv-seg',
  version: '1.11.0',
  seed: TRAIN_CONFIG.seed,
  modelPixelMm: TRAIN_CONFIG.modelPixelMm,
  ratioMinAttenuation: TRAIN_CONFIG.ratioMinAttenuation,
  findingPValue: TRAIN_CONFIG.findingPValue,
  // 1000, not tile-anomaly's 300: the 1 % threshold then rests on the 10th-highest normal score, not
  // the 3rd, so the red false-alarm rate it gives varies half as much.
  calibrationScans: 1000,
  validation: TRAIN_CONFIG.validation,
  // Cells of 4 × 4 model px (8 cm); 16 px margin ≥ half the 29 px receptive field. One window
  // holds a whole 20 ft (or 40 ft) container with its margins: container ≤ 2.9 m + 2 margins < 192 px.
  geometry: { cell: 4, margin: 16, windows: [[192, 384], [192, 704]] },
  layers: [[16, 1], [16, 2], [32, 1], [32, 2], [32, 1], [32, 1]],
  norm: SEG_NORMALISATION,
  // 1.1.0's hottest cell sat within 2 model rows of a dead detector row in 14 of its 40 highest-scoring
  // validation normals (2 expected by chance): the row crossing a wall or carton edge looks like a bump.
  deadRowRepair: true,
  trainingScans: 600,
  // 8 % of the dense-block and organic-brick scans (mostly in steel loads) add < 0.15 to every pixel: in the
  // mask, not in the image. Labelled anomalous, they taught the network to flag plain steel (1.7.0).
  trainingAnomalies: { kinds: ['dense-block', 'organic-brick', 'false-wall'], scansPerKind: 360, minAddedAttenuation: 0.15 },
  // Injected objects from 4 cm (1.2.0: 8 cm): small objects dense enough to black out the detector were
  // almost only in normal scans (corner castings, door hardware), and 1.2.0 learnt to pass them.
  // Three quarters of the plain normal crops centred on mined hard negatives, not half (1.10.0; the mined cells are
  // where produce and reefer loads alarm). Alone (trial 1.8.4) it tied 1.8.0: organic bricks +0.010, dense blocks −0.009.
  crops: { size: 64, anomalyShare: 0.35, injectedShare: 0.25, hardShare: 0.75, singleEnergyShare: 0.3, minContrast: 0.15, positiveWeight: 3, shapes: ['box', 'blob'], sizeCm: [4, 90] },
  // The final weights are the mean over the low-learning-rate tail (1.6.0): one recipe's retrainings
  // differed by ± 0.01 AUROC and passed or failed the denser-block probe by chance. 5000 steps, not 3000
  // (1.8.0): 1.7.0 missed faint blocks as often in its own training scans as in new ones (it underfit);
  // 5000 is what fits in `npm run train`'s 20 minutes on 2 cores (19.3 min measured end to end for 1.8.0; 18.2 for 1.10.0).
  // Per crop, a term on the hottest normal and hottest anomalous cell (1.9.0), the anomalous one pushed above
  // log-odds 6 (1.10.0): the score is a scan's hottest cell, and a label-1 cross-entropy stops pushing at about 3
  // while normal loads' hottest cells reach 6 (`seg-loss.ts`). 1.10.0 against 1.8.0 on the validation split: dense
  // blocks +0.052 AUROC (the margin alone +0.040).
  fit: { steps: 5000, batchSize: 32, learningRate: 0.002, decaySteps: [3333, 4333], decay: 0.3, mineAtSteps: [1667, 3000, 4000], hardPerScan: 8, twoThreadSteps: true, average: { from: 3333, every: 10 }, hottestCellWeight: 32, hottestCellMargin: 6 },
};

/**
 * `base` with every data set scaled by `dataScale` (at least 8 scans each) and `steps` training
 * steps, the decay and mining steps moved in proportion: scaled runs keep the schedule's shape.
 */
export function scaleSegConfig(base: SegTrainConfig, dataScale: number, steps: number): SegTrainConfig {
  const sized = (n: number) => Math.max(8, Math.round(n * dataScale));
  const movedStep = (s: number) => Math.round((s * steps) / base.fit.steps);
  const moved = (list: readonly number[]) => list.map(movedStep);
  return {
    ...base,
    trainingScans: sized(base.trainingScans),
    trainingAnomalies: {
      ...base.trainingAnomalies,
      scansPerKind: sized(base.trainingAnomalies.scansPerKind),
      ...(base.trainingAnomalies.scansOfKind ? { scansOfKind: Object.fromEntries(Object.entries(base.trainingAnomalies.scansOfKind).map(([kind, n]) => [kind, sized(n)])) } : {}),
    },
    calibrationScans: sized(base.calibrationScans),
    fit: {
      ...base.fit,
      steps,
      decaySteps: moved(base.fit.decaySteps),
      mineAtSteps: moved(base.fit.mineAtSteps),
      ...(base.fit.average ? { average: { from: movedStep(base.fit.average.from), every: Math.max(1, movedStep(base.fit.average.every)) } } : {}),
    },
    validation: { ...base.validation, normalScans: sized(base.validation.normalScans), scansPerKind: sized(base.validation.scansPerKind) },
  };
}

/**
 * `base` with `overrides` applied: a plain object replaces values key by key one level down
 * (`{ fit: { steps: 10 } }` keeps the other fit options), anything else replaces the value.
 * The result is checked whole (`checkSegConfig`): a misspelt key or a value of the wrong kind at any depth is refused.
 * @throws ValidationError naming each key path the config does not have or whose value does not fit
 * (`checkSegConfig`: unknown keys, types, ranges, a schedule beyond its steps, per-kind counts of a kind not trained on).
 */
export function mergeConfig(base: SegTrainConfig, overrides: Record<string, unknown>): SegTrainConfig {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    merged[key] = isObject(current) && isObject(value) ? { ...current, ...value } : value;
  }
  return checkSegConfig(merged);
}

/** Validation families a config never trains on: their rows measure generalisation. */
export function heldOutKinds(config: Pick<SegTrainConfig, 'validation' | 'trainingAnomalies'>): AnomalyKind[] {
  return config.validation.anomalyKinds.filter((kind) => !config.trainingAnomalies.kinds.includes(kind));
}

/** How many generator scans of `kind` a config trains on. */
export function anomalyScansOf(anomalies: SegTrainConfig['trainingAnomalies'], kind: AnomalyKind): number {
  return anomalies.scansOfKind?.[kind] ?? anomalies.scansPerKind;
}
