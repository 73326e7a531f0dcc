/**
 * Everything that defines a training run of the conv-patch model. Data sizes, seeds, tiles and
 * calibration are those of tile-anomaly 1.0.0 (`train-config.ts`), so the two compare on the same
 * validation scans; changing any value and retraining means a new version number.
 */
import { TRAIN_CONFIG, type TrainConfig } from './train-config.js';

export interface ConvTrainConfig extends Omit<TrainConfig, 'hidden'> {
  conv: { filters: readonly [number, number, number]; featureUnits: number; headUnits: number };
  /** Share of normal tiles kept as training rows (their patches dominate memory). */
  normalShare: number;
  density: { ridge: number; weight: number };
}

export const CONV_TRAIN_CONFIG: Readonly<ConvTrainConfig> = {
  ...TRAIN_CONFIG,
  name: 'conv-patch',
  version: '1.0.0',
  conv: { filters: [8, 16, 16], featureUnits: 32, headUnits: 32 },
  normalShare: 0.8,
  /** The wasm conv forward slows down more than linearly beyond ~512 rows per batch (measured). */
  batchSizes: [256, 512],
  density: { ridge: 0.05, weight: 0.5 },
  fit: { epochs: 20, batchSize: 256, learningRate: 0.002, anomalyFraction: 0.25, hardNegatives: { fromEpoch: 10, share: 0.01, repeat: 5 } },
};
