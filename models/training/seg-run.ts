/**
 * The steps of a conv-seg training run that `train-seg.ts` and the leave-one-family-out recipe
 * share: generating the training scans (normal, then generator anomalies per family, same seeds)
 * and fitting a fresh network on them.
 */
import type * as tf from '@tensorflow/tfjs';
import type { AnomalyKind } from '../../fixtures/generator/types.js';
import { Rng } from '../../fixtures/generator/prng.js';
import { GENERATOR_VERSION } from '../../fixtures/generator/version.js';
import type { Kernels } from '../../kernels/index.js';
import type { ModelMeta } from '../inference/model-meta.js';
import { segChannelCount, segChannelNames } from '../inference/seg-input.js';
import { planScan, type ScanPlan } from './dataset.js';
import { SegCropSampler } from './seg-crops.js';
import { buildSegNetwork } from './seg-network.js';
import { prepareSegScan, type SegScan, type SegScanOptions } from './seg-scans.js';
import { shareWork } from './share-work.js';
import type { ScoringHelper } from './scoring-helper.js';
import { anomalyScansOf, type SegTrainConfig } from './seg-train-config.js';
import { fitSegNetwork, type SegFitStats } from './seg-training.js';
import { ANOMALY_OFFSET } from './training-run.js';

export interface SegTrainingScans {
  normals: SegScan[];
  /** Generator anomaly scans per family, in the config's order. */
  anomalies: Map<AnomalyKind, SegScan[]>;
  generateMs: number;
}

/**
 * Training-split index of family `k`'s `i`-th anomaly scan: after the normal ones, the first 120 per
 * family where conv-seg 1.0.0 (and tile-anomaly) had them, so a family keeps its seeds at any scale;
 * larger sets continue in a block of their own per family instead of running into the next family's.
 * @throws RangeError past 4 families or 100 000 scans per family (the index would leave the training million).
 */
export function anomalySeedIndex(k: number, i: number): number {
  const index = i < FIRST_SCANS_PER_KIND ? ANOMALY_OFFSET + k * FIRST_SCANS_PER_KIND + i : ANOMALY_OFFSET + (k + 1) * 100_000 + i;
  if (k > 3 || i >= 100_000) throw new RangeError(`Expected at most 4 families of 100000 scans but received family ${k}, scan ${i}: the seeds would leave the training range`);
  return index;
}
const FIRST_SCANS_PER_KIND = 120;

/**
 * The training scans, returned in seed order; with a helper thread, each scan is prepared by
 * whichever thread is free (a scan depends only on its seed, so the sets are the same).
 */
export async function collectSegScans(
  kernels: Kernels,
  config: Pick<SegTrainConfig, 'modelPixelMm' | 'geometry' | 'trainingScans' | 'trainingAnomalies' | 'norm' | 'deadRowRepair'>,
  log?: (message: string) => void,
  helper?: Pick<ScoringHelper, 'segScan'>,
): Promise<SegTrainingScans> {
  const options: SegScanOptions = { modelPixelMm: config.modelPixelMm, cell: config.geometry.cell, margin: config.geometry.margin, inputSet: config.norm.set, deadRowRepair: config.deadRowRepair, minAddedAttenuation: config.trainingAnomalies.minAddedAttenuation };
  const prepare = (plans: ScanPlan[], onDone?: (done: number, total: number) => void) =>
    shareWork(
      plans.length,
      async (i) => prepareSegScan(kernels, plans[i], options),
      helper && ((i) => helper.segScan(plans[i], options)),
      onDone,
    );
  const normals = await prepare(
    Array.from({ length: config.trainingScans }, (_, i) => planScan('training', i)),
    (done, total) => {
      if (done % 60 === 0) log?.(`normal training scans ${done}/${total}`);
    },
  );
  const anomalies = new Map<AnomalyKind, SegScan[]>();
  for (const [k, kind] of config.trainingAnomalies.kinds.entries()) {
    const count = anomalyScansOf(config.trainingAnomalies, kind);
    anomalies.set(kind, await prepare(Array.from({ length: count }, (_, i) => planScan('training', anomalySeedIndex(k, i), kind))));
    log?.(`anomaly scans of ${kind}: ${count}`);
  }
  const generateMs = [...normals, ...[...anomalies.values()].flat()].reduce((sum, scan) => sum + scan.generateMs, 0);
  return { normals, anomalies, generateMs };
}

/**
 * Builds and fits a network on the normal scans and the anomaly scans of `kinds`.
 * @param helper a second thread that mines half of the normal scans (given them for the fit only).
 */
export async function trainSegModel(
  kernels: Kernels,
  scans: SegTrainingScans,
  kinds: readonly AnomalyKind[],
  config: SegTrainConfig,
  onReport?: (step: number, loss: number, samplesPerSecond: number) => void,
  helper?: ScoringHelper,
): Promise<{ network: tf.LayersModel; fit: SegFitStats }> {
  const anomalies = kinds.flatMap((k) => scans.anomalies.get(k) ?? []);
  const sampler = new SegCropSampler(
    scans.normals,
    anomalies,
    config.crops,
    { kernels, cell: config.geometry.cell, pixelMm: config.modelPixelMm, ratioMinAttenuation: config.ratioMinAttenuation, norm: config.norm },
    Rng.stream(config.seed, 'seg-crops'),
  );
  const network = buildSegNetwork({ layers: config.layers, channels: segChannelCount(config.norm.set), seed: config.seed });
  await helper?.setNormals(scans.normals);
  try {
    const fit = await fitSegNetwork(
      network,
      sampler,
      config.crops.size,
      config.geometry.cell,
      scans.normals,
      { kernels, geometry: config.geometry, ratioMinAttenuation: config.ratioMinAttenuation, norm: config.norm },
      config.fit,
      onReport ?? (() => {}),
      undefined,
      helper,
    );
    return { network, fit };
  } finally {
    // The helper's copy of the normal scans is only for mining: free it for calibration and validation.
    await helper?.setNormals([]);
  }
}

/**
 * The meta.json of a conv-seg network trained with `config`: the planes and their normalisation, the
 * cell and window geometry; `calibration` is filled in once the calibration scans are scored.
 */
export function segMeta(config: SegTrainConfig, calibration: ModelMeta['calibration'] = UNCALIBRATED): ModelMeta {
  return {
    name: config.name,
    version: config.version,
    generatorVersion: GENERATOR_VERSION,
    architecture: 'conv-seg',
    featureSet: config.norm.set,
    featureNames: segChannelNames(config.norm.set),
    featureMean: [...config.norm.mean],
    featureStd: [...config.norm.std],
    modelPixelMm: config.modelPixelMm,
    tileSize: config.geometry.cell,
    tileStride: config.geometry.cell,
    ratioMinAttenuation: config.ratioMinAttenuation,
    ...(config.deadRowRepair ? { deadRowRepair: true } : {}),
    batchSizes: [1],
    classes: ['normal', 'anomaly'],
    findingPValue: config.findingPValue,
    seg: { cell: config.geometry.cell, margin: config.geometry.margin, windows: config.geometry.windows.map(([h, w]) => [h, w] as [number, number]) },
    calibration,
  };
}

const UNCALIBRATED: ModelMeta['calibration'] = { dual: { scores: [0], seeds: { from: 0, to: 0 } }, single: { scores: [0], seeds: { from: 0, to: 0 } } };
