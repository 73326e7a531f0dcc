/**
 * "Resident" timings: each kernel through the session API (kernels/wasm-session.ts) on planes
 * uploaded once, as a worker chains calibrate → downsampleArea → dualRatio → windowTo8bit … on one
 * scan. Every run opens a nested session, allocates its output plane there and closes it, so the
 * cell includes validation, allocation and the session bookkeeping, but no copy in or out: the
 * result stays in WASM memory for the next kernel of the chain.
 */
import type { KernelSession, WasmKernels } from '../../kernels/index.js';
import { DOWNSAMPLE_FACTOR, FRACTIONAL_FACTOR } from './core.js';
import type { BenchInput } from './inputs.js';
import { PREPROCESS_CASE, PREPROCESS_OPTIONS } from './preprocess.js';

/** Runners by kernel name over planes resident in `k`'s memory, and a `dispose` closing their session. */
export function residentRunners(k: WasmKernels, input: BenchInput): { runners: Record<string, () => void>; dispose: () => void } {
  const { width: w, height: h } = input.size;
  const s = k.session();
  const rawHigh = s.fromU16(input.rawHigh, w, h);
  const rawLow = s.fromU16(input.rawLow, w, h);
  const high = s.fromF32(input.high, w, h);
  const low = s.fromF32(input.low, w, h);
  const ratio = s.fromF32(input.ratio, w, h);
  const heat = s.fromF32(input.heat, w, h);
  const gray = s.fromU8(input.gray, w, h);
  const classes = s.fromU8(input.classes, w, h);
  const run = (fn: (t: KernelSession) => unknown) => () => {
    const t = k.session();
    try {
      fn(t);
    } finally {
      t.close();
    }
  };
  const { air, dark, factor, ratioMinAttenuation } = PREPROCESS_OPTIONS;
  return {
    runners: {
      calibrate: run((t) => t.calibrate(rawHigh, 60000, 0)),
      dualRatio: run((t) => t.dualRatio(high, low, 0.1)),
      windowTo8bit: run((t) => t.windowTo8bit(high, 11, 0)),
      heatmapOverlay: run((t) => t.heatmapOverlay(gray, heat, 0.5)),
      materialMap: run((t) => t.materialMap(high, ratio)),
      materialColor: run((t) => t.materialColor(classes, gray)),
      downsampleArea: run((t) => t.downsampleArea(high, DOWNSAMPLE_FACTOR)),
      [`downsampleArea ×${FRACTIONAL_FACTOR}`]: run((t) => t.downsampleArea(high, FRACTIONAL_FACTOR)),
      percentileWindow: run((t) => t.percentileWindow(high, 0.5, 99.5)),
      [PREPROCESS_CASE]: run((t) => {
        const a = t.calibrateDownsample(rawHigh, air, dark, factor);
        t.dualRatio(a, t.calibrateDownsample(rawLow, air, dark, factor), ratioMinAttenuation);
      }),
    },
    dispose: () => s.close(),
  };
}
