/**
 * Shadow mode: a candidate model scores the same live scan after the production model. Its score
 * is stored for comparison and never touches the lane; its failures are logged, never propagated.
 */
import type { Logger } from '../core/logger.js';
import type { Runtime } from '../core/runtime.js';
import type { Kernels } from '../kernels/index.js';
import type { AnomalyModel } from '../models/inference/anomaly-model.js';
import { preprocessScan, type CalibrationManifest, type ScanPixels } from './preprocess-stage.js';
import { laneOfPValue, type LaneThresholds } from './risk-fusion.js';

export async function scoreInShadow(
  scanId: string,
  pixels: ScanPixels,
  manifest: CalibrationManifest,
  parts: { runtime: Runtime; kernels: Kernels; shadow: AnomalyModel; thresholds: LaneThresholds },
  log: Logger,
): Promise<void> {
  const { shadow } = parts;
  try {
    const started = performance.now();
    // From the raw counts again at the shadow model's own pitch: one fused call (~3 ms for a 40 ft
    // scan) instead of keeping two full-resolution attenuation planes (18 MB) for it.
    const input = preprocessScan(parts.kernels, pixels, manifest, shadow);
    const output = await shadow.score(input);
    await parts.runtime.shadowScores.save({
      scanId,
      model: { name: shadow.name, version: shadow.version },
      scoredAt: new Date().toISOString(),
      score: Math.round(output.calibratedScore * 10) / 10,
      pValue: output.pValue,
      lane: laneOfPValue(output.pValue, parts.thresholds),
      findings: output.findings.map((f) => ({ ...f, box: scaleBox(f.box, input.factor) })),
      modelMs: Math.round((performance.now() - started) * 10) / 10,
    });
  } catch (err) {
    log.warn({ scanId, shadow: `${shadow.name}@${shadow.version}`, err: (err as Error).message }, 'shadow model failed; live result unaffected');
  }
}

function scaleBox(box: { x: number; y: number; w: number; h: number }, factor: number) {
  return { x: box.x * factor, y: box.y * factor, w: box.w * factor, h: box.h * factor };
}
