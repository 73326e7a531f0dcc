/**
 * Inference latency on a 40 ft dual-energy scan, the largest common case: median and p95 of
 * `model.score` (features, network, heatmap, findings) after warm-up. The kernels preprocessing
 * before it (dead-row repair when the model asks, calibrate, downsample, ratio) is timed separately as
 * `preprocessMs`.
 */
import { generateScan } from '../../fixtures/generator/index.js';
import type { Kernels } from '../../kernels/index.js';
import type { AnomalyModel } from '../inference/anomaly-model.js';
import { calibratedAttenuation, toModelInput } from '../inference/model-input.js';

export interface InferenceTiming {
  image: { width: number; height: number };
  modelInput: { width: number; height: number };
  runs: number;
  medianMs: number;
  p95Ms: number;
  preprocessMs: number;
}

/** Seed of the timing scan, outside every training, calibration and validation range. */
export const TIMING_SEED = 9_500_000;

/**
 * @param runs timed runs after 3 warm-up runs.
 */
export async function timeInference(kernels: Kernels, model: AnomalyModel, runs = 20): Promise<InferenceTiming> {
  const scan = generateScan({ seed: TIMING_SEED, container: '40ft', cargo: 'general', dualEnergy: true, cab: true });
  const started = performance.now();
  const input = toModelInput(kernels, calibratedAttenuation(kernels, scan, scan.manifest, model), model);
  const preprocessMs = performance.now() - started;
  for (let i = 0; i < 3; i++) await model.score(input);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await model.score(input);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    image: { width: scan.width, height: scan.height },
    modelInput: { width: input.attenuation.width, height: input.attenuation.height },
    runs,
    medianMs: times[Math.floor(runs / 2)],
    p95Ms: times[Math.min(runs - 1, Math.floor(runs * 0.95))],
    preprocessMs,
  };
}
