/**
 * One calibration scan: a held-out normal scan from the calibration seed range, scored with and
 * without its low-energy image. Both the training thread and its scoring helper call this, so the
 * calibration scores do not depend on which thread computed them.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Kernels } from '../../kernels/index.js';
import { scoreScanTiles } from '../inference/anomaly-model.js';
import { ratioPlane } from '../inference/model-input.js';
import { planScan, prepareScan } from './dataset.js';

export interface CalibrationScanConfig {
  modelPixelMm: number;
  ratioMinAttenuation: number;
  deadRowRepair?: boolean;
}

export interface CalibrationScan {
  /** Raw scan score with the dual-energy ratio, and from the high-energy image alone. */
  dual: number;
  single: number;
  generateMs: number;
}

export async function scoreCalibrationScan(
  kernels: Kernels,
  network: tf.LayersModel,
  scoring: Parameters<typeof scoreScanTiles>[1],
  config: CalibrationScanConfig,
  index: number,
): Promise<CalibrationScan> {
  const scan = prepareScan(kernels, planScan('calibration', index), config.modelPixelMm, config.deadRowRepair);
  const ratio = ratioPlane(kernels, scan.high, scan.low!, config.ratioMinAttenuation);
  const dual = (await scoreScanTiles(network, scoring, { attenuation: scan.high, ratio })).rawScore;
  const single = (await scoreScanTiles(network, scoring, { attenuation: scan.high })).rawScore;
  return { dual, single, generateMs: scan.generateMs };
}
