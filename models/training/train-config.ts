/**
 * Everything that defines a training run of the tile anomaly model. Changing any value and
 * retraining means a new version number: the committed weights are a function of this file.
 */
import type { AnomalyKind } from '../../fixtures/generator/types.js';
import { IMAGE_ANOMALIES } from '../evaluation/validate.js';

export interface TrainConfig {
  name: string;
  version: string;
  seed: number;
  modelPixelMm: number;
  tileSize: number;
  tileStride: number;
  ratioMinAttenuation: number;
  batchSizes: readonly number[];
  hidden: readonly number[];
  findingPValue: number;
  trainingScans: number;
  /** Generator anomaly scans per kind for training (seeds after the normal ones, same range). */
  trainingAnomalies: { kinds: readonly AnomalyKind[]; scansPerKind: number };
  calibrationScans: number;
  samples: { injectedCopies: number; objectsPerCopy: number; minContrast: number; singleEnergyShare: number };
  fit: { epochs: number; batchSize: number; learningRate: number; anomalyFraction: number; hardNegatives: { fromEpoch: number; share: number; repeat: number } };
  validation: { normalScans: number; anomalyKinds: readonly AnomalyKind[]; scansPerKind: number; yellowPValue: number; redPValue: number };
}

export const TRAIN_CONFIG: Readonly<TrainConfig> = {
  name: 'tile-anomaly',
  version: '1.0.0',
  seed: 20261127,
  /** 20 mm/px: a 40 ft container is ~610 model px long; small dense objects still cover a pixel. */
  modelPixelMm: 20,
  /** 16 × 16 model px = 32 cm tiles, overlapping by half so an object never straddles all its tiles. */
  tileSize: 16,
  tileStride: 8,
  /** Below this high-energy attenuation the ratio is noise (two container walls alone give ~0.08). */
  ratioMinAttenuation: 0.2,
  batchSizes: [256, 1024, 4096],
  hidden: [64, 32],
  findingPValue: 0.05,
  trainingScans: 180,
  trainingAnomalies: { kinds: ['dense-block', 'organic-brick', 'irregular-item'], scansPerKind: 120 },
  calibrationScans: 300,
  samples: { injectedCopies: 2, objectsPerCopy: 4, minContrast: 0.5, singleEnergyShare: 0.3 },
  fit: { epochs: 20, batchSize: 512, learningRate: 0.003, anomalyFraction: 0.25, hardNegatives: { fromEpoch: 8, share: 0.01, repeat: 5 } },
  validation: { normalScans: 120, anomalyKinds: IMAGE_ANOMALIES, scansPerKind: 20, yellowPValue: 0.05, redPValue: 0.01 },
};
