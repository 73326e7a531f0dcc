/**
 * One scan through the pipeline: decode → preprocess (WASM) → model (tf.js) → declaration checks →
 * risk fusion → heatmap, timing each stage. Pure of queue concerns: the job processor wraps it.
 */
import type { ScangateConfig } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { decodeScanImage } from '../core/images/scan-image.js';
import type { ScanManifest } from '../core/scan-manifest.js';
import type { Runtime } from '../core/runtime.js';
import type { Finding, ScanResultUpdate } from '../core/store/scan-repository.js';
import type { ScanRow } from '../core/store/schema.js';
import type { Kernels } from '../kernels/index.js';
import type { AnomalyModel } from '../models/inference/anomaly-model.js';
import { checkDeclaration } from './declaration-checks.js';
import { preprocessScan, type ScanPixels } from './preprocess-stage.js';
import { scoreInShadow } from './shadow-stage.js';
import { renderHeatmapOverlay } from './render-heatmap.js';
import { fuseRisk } from './risk-fusion.js';

export interface PipelineParts {
  runtime: Runtime;
  kernels: Kernels;
  model: AnomalyModel;
  /** Candidate model scoring in shadow mode, if configured. */
  shadow?: AnomalyModel;
}

/** Runs `work`, adding its wall time in ms to `timings[name]`. */
async function timed<T>(timings: Record<string, number>, name: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round((performance.now() - started) * 10) / 10;
  }
}

function toImagePixels(findings: Finding[], factor: number, width: number, height: number): Finding[] {
  return findings.map((f) => {
    const x = Math.min(width - 1, f.box.x * factor);
    const y = Math.min(height - 1, f.box.y * factor);
    const box = { x, y, w: Math.min(width - x, f.box.w * factor), h: Math.min(height - y, f.box.h * factor) };
    return { kind: f.kind, score: Math.round(f.score * 10) / 10, box };
  });
}

export function thresholdsOf(config: ScangateConfig) {
  return { yellowPValue: config.YELLOW_P_VALUE, redPValue: config.RED_P_VALUE };
}

/**
 * @throws UnanalysableScanError when a stored image cannot be decoded (not worth retrying)
 */
export async function analyseScan(row: ScanRow, parts: PipelineParts, log: Logger): Promise<ScanResultUpdate> {
  const { runtime, kernels, model } = parts;
  const manifest = JSON.parse(row.manifest_json) as ScanManifest;
  const timings: Record<string, number> = {};

  const [high, low] = await timed(timings, 'decodeMs', () =>
    Promise.all([
      decodeScanImage(runtime.blobs.pathOf(row.high_sha256)),
      row.low_sha256 ? decodeScanImage(runtime.blobs.pathOf(row.low_sha256)) : Promise.resolve(null),
    ]),
  );
  const pixels: ScanPixels = { width: high.width, height: high.height, high: high.pixels, low: low?.pixels ?? null };
  // Dead rows repaired when the model asks, then one fused kernel call: calibration, downsampling to
  // the model's pitch and the dual ratio. The declaration checks read these planes too.
  const pre = await timed(timings, 'preprocessMs', () => preprocessScan(kernels, pixels, manifest, model));
  const output = await timed(timings, 'modelMs', () =>
    model.score({ attenuation: pre.attenuation, ratio: pre.ratio }),
  );
  const risk = await timed(timings, 'fusionMs', () => {
    const declaration = checkDeclaration(manifest, pre, pre.factor * manifest.pixelSizeMm, runtime.config);
    const findings = toImagePixels(output.findings, pre.factor, high.width, high.height);
    return fuseRisk({ pValue: output.pValue, calibratedScore: output.calibratedScore, findings }, declaration, thresholdsOf(runtime.config));
  });
  const heatmap = await timed(timings, 'heatmapMs', async () =>
    runtime.blobs.putBuffer(await renderHeatmapOverlay(kernels, pre.attenuation, output.heatmap)),
  );
  if (parts.shadow) {
    await timed(timings, 'shadowMs', () =>
      scoreInShadow(row.scan_id, pixels, manifest, { runtime, kernels, shadow: parts.shadow!, thresholds: thresholdsOf(runtime.config) }, log),
    );
  }
  return { risk, heatmapSha256: heatmap.sha256, model: { name: model.name, version: model.version }, timings, failureReason: null };
}
