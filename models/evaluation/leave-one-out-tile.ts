/**
 * The tile-anomaly recipe for leave-one-family-out: the dense tile network of
 * `training/train-config.ts` (same features, network, fit settings and seeds) on a share of the
 * training data. Normal rows (with injected objects) are built once; generator anomaly rows per family.
 */
import type { AnomalyKind } from '../../fixtures/generator/index.js';
import { selectBackend } from '../backend.js';
import { scoreScanTiles } from '../inference/anomaly-model.js';
import { FEATURE_COUNT } from '../inference/tile-features.js';
import { normaliseFeatures } from '../inference/tile-scorer.js';
import { planScan, prepareScan } from '../training/dataset.js';
import { buildNetwork, trainNetwork } from '../training/network.js';
import { featureStatistics } from '../training/normalisation.js';
import { addAnomalySamples, addScanSamples, CLASSES, TileRows } from '../training/tile-samples.js';
import { TRAIN_CONFIG } from '../training/train-config.js';
import { ANOMALY_OFFSET } from '../training/training-run.js';
import type { LeaveOneOutRecipe, TrainedVariant } from './leave-one-out.js';

export const TILE_RECIPE: LeaveOneOutRecipe = {
  name: 'tile-anomaly',
  description: 'The tile network of `training/train-config.ts` (same features, network, fit settings and seeds).',
  neverTrained: ['false-wall'],
  geometry: TRAIN_CONFIG,
  async train(kernels, trainingScale, onProgress) {
    await selectBackend();
    const config = TRAIN_CONFIG;
    const sized = (n: number) => Math.max(8, Math.round(n * trainingScale));
    const sampleOptions = { ...config.samples, geometry: { tileSize: config.tileSize, stride: config.tileStride }, modelPixelMm: config.modelPixelMm, ratioMinAttenuation: config.ratioMinAttenuation, seed: config.seed };
    const kinds = config.trainingAnomalies.kinds;

    const base = new TileRows();
    const trainingScans = sized(config.trainingScans);
    for (let i = 0; i < trainingScans; i++) {
      addScanSamples(kernels, prepareScan(kernels, planScan('training', i), config.modelPixelMm), sampleOptions, base);
      onProgress?.('training scans', i + 1, trainingScans);
    }
    const perKind = sized(config.trainingAnomalies.scansPerKind);
    const familyRows = new Map<AnomalyKind, TileRows>();
    for (const [k, kind] of kinds.entries()) {
      const rows = new TileRows();
      for (let i = 0; i < perKind; i++) {
        // Same seeds as training proper, kinds in the config's order.
        const anomalous = prepareScan(kernels, planScan('training', ANOMALY_OFFSET + k * config.trainingAnomalies.scansPerKind + i, kind), config.modelPixelMm);
        const clean = prepareScan(kernels, { seed: anomalous.seed, cargo: anomalous.cargo, anomaly: null }, config.modelPixelMm);
        addAnomalySamples(kernels, anomalous, clean, sampleOptions, rows);
      }
      familyRows.set(kind, rows);
      onProgress?.('anomaly families', k + 1, kinds.length);
    }

    const variants: (AnomalyKind | 'all')[] = ['all', ...kinds];
    const trained: TrainedVariant[] = [];
    for (const excluded of variants) {
      const trainedOn = kinds.filter((k) => k !== excluded);
      const data = concatRows([base, ...trainedOn.map((k) => familyRows.get(k)!)]);
      const stats = featureStatistics(data.x, data.y, FEATURE_COUNT);
      normaliseFeatures(data.x, { featureMean: stats.mean, featureStd: stats.std });
      const shape = { featureCount: FEATURE_COUNT, classCount: CLASSES.length, hidden: config.hidden, seed: config.seed };
      const network = buildNetwork(shape);
      const started = performance.now();
      await trainNetwork(network, data, shape, { ...config.fit, seed: config.seed });
      const meta = { modelPixelMm: config.modelPixelMm, tileSize: config.tileSize, tileStride: config.tileStride, featureMean: stats.mean, featureStd: stats.std, batchSizes: [...config.batchSizes] };
      trained.push({
        excluded,
        trainedOn,
        fitSeconds: (performance.now() - started) / 1000,
        score: async (input) => (await scoreScanTiles(network, meta, input)).rawScore,
        dispose: () => network.dispose(),
      });
      onProgress?.('networks', trained.length, variants.length);
    }
    return trained;
  },
};

function concatRows(parts: TileRows[]): { x: Float32Array; y: Uint8Array } {
  const results = parts.map((p) => p.result());
  const x = new Float32Array(results.reduce((n, r) => n + r.x.length, 0));
  const y = new Uint8Array(results.reduce((n, r) => n + r.y.length, 0));
  let xo = 0;
  let yo = 0;
  for (const r of results) {
    x.set(r.x, xo);
    y.set(r.y, yo);
    xo += r.x.length;
    yo += r.y.length;
  }
  return { x, y };
}
