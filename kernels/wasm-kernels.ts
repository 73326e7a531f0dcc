/**
 * Binds one kernels WebAssembly instance to the {@link Kernels} interface. Every copying method
 * validates its arguments, reserves arena regions, copies inputs in through fresh views, runs the
 * kernel and copies the result out, so no typed-array view outlives the call (or a memory.grow).
 * `session()` and `preprocessForModel` keep planes resident instead (wasm-session.ts).
 */
import type { ModelPlanes, PreprocessOptions, RawScan, WasmKernels, WasmVariant } from './types.js';
import { checkPreprocess } from './validate.js';
import type { KernelExports } from './wasm-exports.js';
import { WasmArena } from './wasm-memory.js';
import { bindPointwise } from './wasm-pointwise.js';
import { KernelSession } from './wasm-session.js';
import { bindSpatial } from './wasm-spatial.js';
import { bindStatistics } from './wasm-statistics.js';

/** Creates the {@link WasmKernels} facade over an instantiated kernels module. */
export function bindWasmKernels(wasm: KernelExports, variant: WasmVariant): WasmKernels {
  const arena = new WasmArena(wasm.memory, wasm.heapBase());
  const session = () => new KernelSession(wasm, arena);
  return Object.freeze({
    variant,
    ...bindPointwise(wasm, arena),
    ...bindSpatial(wasm, arena),
    ...bindStatistics(wasm, arena),
    session,
    preprocessForModel(scan: RawScan, options: PreprocessOptions): ModelPlanes {
      checkPreprocess(scan, options);
      const s = session();
      try {
        return preprocessInSession(s, scan, options);
      } finally {
        s.close();
      }
    },
  });
}

/**
 * Uploads the raw energies (2 bytes a pixel), repairs their dead rows in place when asked, calibrates
 * and downsamples each in one fused pass,
 * takes the ratio at model resolution and copies out only the model-resolution planes.
 */
function preprocessInSession(s: KernelSession, scan: RawScan, options: PreprocessOptions): ModelPlanes {
  const { width, height } = scan;
  const { air, dark, factor, ratioMinAttenuation } = options;
  const upload = (raw: Uint16Array) => {
    const plane = s.fromU16(raw, width, height);
    if (options.repairDeadRows) s.repairDeadRows(plane);
    return plane;
  };
  const high = s.calibrateDownsample(upload(scan.high), air, dark, factor);
  if (!scan.low) return { high: high.toPlane() };
  const low = s.calibrateDownsample(upload(scan.low), air, dark, factor);
  const ratio = s.dualRatio(high, low, ratioMinAttenuation);
  return { high: high.toPlane(), low: low.toPlane(), ratio: ratio.toPlane() };
}
