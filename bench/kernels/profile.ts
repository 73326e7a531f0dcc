/**
 * Where a pointwise call's time goes: copying the inputs into WASM memory, the kernel itself, and
 * copying the result out into a fresh array (what the Kernels API does when no `out` is passed; also
 * shown the way `slice()` would do it), or into a caller's reused `out`. This is the profile behind
 * the "% of copy" columns.
 */
import { instantiateKernelModule } from '../../kernels/load-kernels.js';
import { copyOut, WasmArena } from '../../kernels/wasm-memory.js';
import type { BenchInput } from './inputs.js';
import { measure, type TimingOptions } from './timing.js';

export interface BoundaryProfile {
  kernel: string;
  size: string;
  copyInMs: number;
  kernelMs: number;
  /** Into a new array as the API does (uninitialised memory, then one copy). */
  copyOutNewMs: number;
  /** Into a new array by TypedArray.slice (zero-filled allocation), for comparison. */
  copyOutSliceMs: number;
  copyOutReusedMs: number;
}

/** Profiles dualRatio (two f32 in, one f32 out) and calibrate (u16 in, f32 out) on the SIMD build. */
export async function profileBoundary(input: BenchInput, options: TimingOptions): Promise<BoundaryProfile[]> {
  const wasm = instantiateKernelModule('simd');
  const arena = new WasmArena(wasm.memory, wasm.heapBase());
  const n = input.n;
  const [a, b, raw, out, lut] = arena.reserve([n * 4, n * 4, n * 2, n * 4, 65536 * 6]);
  const reused = new Float32Array(n);
  const measureCopyOut = async () => ({
    copyOutNewMs: (await measure(() => copyOut(arena.f32(out, n)), options)).medianMs,
    copyOutSliceMs: (await measure(() => arena.f32(out, n).slice(), options)).medianMs,
    copyOutReusedMs: (await measure(() => reused.set(arena.f32(out, n)), options)).medianMs,
  });
  const ratio: BoundaryProfile = {
    kernel: 'dualRatio', size: input.size.label,
    copyInMs: (await measure(() => {
      arena.f32(a, n).set(input.high);
      arena.f32(b, n).set(input.low);
    }, options)).medianMs,
    kernelMs: (await measure(() => wasm.dualRatio(a, b, n, 0.1, out), options)).medianMs,
    ...(await measureCopyOut()),
  };
  const calibrate: BoundaryProfile = {
    kernel: 'calibrate', size: input.size.label,
    copyInMs: (await measure(() => arena.u16(raw, n).set(input.rawHigh), options)).medianMs,
    kernelMs: (await measure(() => wasm.calibrate(raw, n, 60000, 0, out, lut), options)).medianMs,
    ...(await measureCopyOut()),
  };
  return [ratio, calibrate];
}

/** Markdown table of the profiles. */
export function profileTable(profiles: readonly BoundaryProfile[]): string {
  const lines = [
    '| size | kernel | copy in ms | kernel ms | copy out, new array (API) ms | copy out, `slice()` ms | copy out, reused `out` ms |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const p of profiles) {
    lines.push(`| ${p.size} | ${p.kernel} | ${p.copyInMs.toFixed(2)} | ${p.kernelMs.toFixed(2)} | ${p.copyOutNewMs.toFixed(2)} | ${p.copyOutSliceMs.toFixed(2)} | ${p.copyOutReusedMs.toFixed(2)} |`);
  }
  return lines.join('\n');
}
