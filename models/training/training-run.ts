/**
 * The steps every training script shares (`train-tile.ts`, `train-conv.ts`): generating the labelled
 * rows from the training seed range, scoring held-out normal scans for calibration, and writing the
 * version directory. The scripts differ only in their network, so they keep the rest in one place and
 * stay comparable on the same scans.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Kernels } from '../../kernels/index.js';
import { scoreScanTiles } from '../inference/anomaly-model.js';
import { META_JSON, type ModelMeta } from '../inference/model-meta.js';
import { FEATURE_NAMES, FEATURE_SET } from '../inference/tile-features.js';
import { fileIoHandler } from '../io/file-io-handler.js';
import { REGISTRY_FILE } from '../io/model-registry.js';
import { scoreCalibrationScan, type CalibrationScan } from './calibration-scan.js';
import { planScan, prepareScan, SEED_BASES } from './dataset.js';
import type { ScoringHelper } from './scoring-helper.js';
import { shareWork } from './share-work.js';
import { addAnomalySamples, addScanSamples, CLASSES, type RowSink } from './tile-samples.js';
import type { TrainConfig } from './train-config.js';

/** The part of a training config the shared steps read. */
export type RunConfig = Pick<
  TrainConfig,
  'seed' | 'modelPixelMm' | 'tileSize' | 'tileStride' | 'ratioMinAttenuation' | 'samples' | 'trainingScans' | 'trainingAnomalies' | 'calibrationScans'
>;

/** Progress lines: how often and under which name the row count is reported. */
export interface RowProgress {
  log: (message: string) => void;
  /** Report after every `every` normal training scans. */
  every: number;
  /** What the rows are called in the log, e.g. "tile rows". */
  noun: string;
}

/** Seeds of generator anomaly scans start this far into the training range, after the normal ones. */
export const ANOMALY_OFFSET = 500_000;

/**
 * Fills `rows` with the tiles of the normal training scans (plus injected objects) and of the
 * generator anomaly scans, labelled by the difference to the same seed without the anomaly.
 * @returns generator milliseconds spent and how many anomaly scans gave at least one row.
 */
export function collectTrainingRows(kernels: Kernels, config: RunConfig, rows: RowSink & { count: number }, progress: RowProgress): { generateMs: number; anomalyScans: number } {
  const geometry = { tileSize: config.tileSize, stride: config.tileStride };
  const options = { ...config.samples, geometry, modelPixelMm: config.modelPixelMm, ratioMinAttenuation: config.ratioMinAttenuation, seed: config.seed };
  let generateMs = 0;
  for (let i = 0; i < config.trainingScans; i++) {
    const scan = prepareScan(kernels, planScan('training', i), config.modelPixelMm);
    generateMs += scan.generateMs;
    addScanSamples(kernels, scan, options, rows);
    if ((i + 1) % progress.every === 0) progress.log(`training scans ${i + 1}/${config.trainingScans}, ${rows.count} ${progress.noun}`);
  }
  let anomalyScans = 0;
  for (const [k, kind] of config.trainingAnomalies.kinds.entries()) {
    for (let i = 0; i < config.trainingAnomalies.scansPerKind; i++) {
      const index = ANOMALY_OFFSET + k * config.trainingAnomalies.scansPerKind + i;
      const anomalous = prepareScan(kernels, planScan('training', index, kind), config.modelPixelMm);
      const clean = prepareScan(kernels, { seed: anomalous.seed, cargo: anomalous.cargo, anomaly: null }, config.modelPixelMm);
      generateMs += anomalous.generateMs + clean.generateMs;
      if (addAnomalySamples(kernels, anomalous, clean, options, rows) > 0) anomalyScans++;
    }
    progress.log(`anomaly scans of ${kind} done, ${rows.count} ${progress.noun}`);
  }
  return { generateMs, anomalyScans };
}

/**
 * The meta fields every architecture records alike: feature set, tiling, batch sizes, normalisation
 * and classes. Enough for `scoreScanTiles` (without `architecture` it scores with the dense network).
 */
export function commonMeta(config: Pick<TrainConfig, 'modelPixelMm' | 'tileSize' | 'tileStride' | 'ratioMinAttenuation' | 'batchSizes' | 'findingPValue'>, stats: { mean: number[]; std: number[] }) {
  return {
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
  } satisfies Partial<ModelMeta>;
}

/** Rows per class, in the order of {@link CLASSES}. */
export function countClasses(y: Uint8Array): number[] {
  return CLASSES.map((_, k) => y.reduce((n, cls) => n + (cls === k ? 1 : 0), 0));
}

/**
 * Raw scores of the held-out normal calibration scans, with and without the low-energy image,
 * sorted ascending as `ModelMeta.calibration` wants them.
 * @param scoring the meta fields `scoreScanTiles` reads (the meta under construction will do).
 * @param helper a second thread scoring half the scans; it must hold `network` and `scoring` (`helper.load`).
 */
export async function calibrationScores(
  kernels: Kernels,
  network: tf.LayersModel,
  scoring: Parameters<typeof scoreScanTiles>[1],
  config: Pick<RunConfig, 'modelPixelMm' | 'ratioMinAttenuation' | 'calibrationScans'> & { deadRowRepair?: boolean },
  log: (message: string) => void,
  helper?: ScoringHelper,
): Promise<{ calibration: ModelMeta['calibration']; generateMs: number }> {
  const scanConfig = { modelPixelMm: config.modelPixelMm, ratioMinAttenuation: config.ratioMinAttenuation, deadRowRepair: config.deadRowRepair };
  const scans = await shareWork(
    config.calibrationScans,
    (i) => scoreCalibrationScan(kernels, network, scoring, scanConfig, i),
    helper && ((i) => helper.calibrationScan(i, scanConfig)),
    (done, total) => {
      if (done % 50 === 0) log(`calibration scans ${done}/${total}`);
    },
  );
  const seeds = { from: SEED_BASES.calibration, to: SEED_BASES.calibration + config.calibrationScans - 1 };
  const sorted = (pick: (scan: CalibrationScan) => number) => scans.map(pick).sort((a, b) => a - b);
  return {
    calibration: { dual: { scores: sorted((s) => s.dual), seeds }, single: { scores: sorted((s) => s.single), seeds } },
    generateMs: scans.reduce((sum, s) => sum + s.generateMs, 0),
  };
}

/** Writes a version directory: the network (model.json, weights.bin), meta.json, validation.json and card.md. */
export async function writeVersion(outDir: string, network: tf.LayersModel, meta: ModelMeta, validation: object, card: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await network.save(fileIoHandler(outDir));
  await writeFile(path.join(outDir, META_JSON), JSON.stringify(meta, null, 1) + '\n');
  await writeFile(path.join(outDir, 'validation.json'), JSON.stringify(validation, null, 1) + '\n');
  await writeFile(path.join(outDir, 'card.md'), card);
}

/** Points models/registry.json at `name`/`version`. */
export async function setDefaultModel(name: string, version: string): Promise<void> {
  await writeFile(REGISTRY_FILE, JSON.stringify({ default: { name, version } }, null, 2) + '\n');
}
