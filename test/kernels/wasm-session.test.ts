import { describe, expect, it } from 'vitest';
import { KernelArgumentError, type ScangateError } from '../../core/errors.js';
import { referenceKernels, WasmPlane } from '../../kernels/index.js';
import { instantiateKernelModule } from '../../kernels/load-kernels.js';
import { bindWasmKernels } from '../../kernels/wasm-kernels.js';
import { maxAbsDiff, maxRelDiff, ODD_SIZES, randomGray, randomPlane, randomRaw } from './random-images.js';

const ATTENUATION_ABS = 2e-5;
const MEAN_REL = 2e-6;
const BYTE_ABS = 1;

function fresh(variant: 'simd' | 'scalar') {
  const wasm = instantiateKernelModule(variant);
  return { wasm, k: bindWasmKernels(wasm, variant) };
}

describe.each(['simd', 'scalar'] as const)('WASM %s session', (variant) => {
  const { k } = fresh(variant);

  it.each(ODD_SIZES)('when a %i×%i scan is chained on resident planes then every step equals the copying API', (w, h) => {
    const rawHigh = randomRaw(w * h, w * 5 + h);
    const rawLow = randomRaw(w * h, w * 5 + h + 1);
    const heatData = randomPlane(w * h, 3, -0.2, 1.2);
    const s = k.session();
    try {
      const high = s.calibrate(s.fromU16(rawHigh, w, h), 60000, 310);
      const low = s.calibrate(s.fromU16(rawLow, w, h), 60000, 310);
      const ratio = s.dualRatio(high, low, 0.1);
      const gray = s.windowTo8bit(high, 8, 0);
      const classes = s.materialMap(high, ratio);
      const heat = s.fromF32(heatData, w, h);

      const highRef = k.calibrate(rawHigh, 60000, 310);
      const lowRef = k.calibrate(rawLow, 60000, 310);
      const ratioRef = k.dualRatio(highRef, lowRef, 0.1);
      const grayRef = k.windowTo8bit(highRef, 8, 0);
      const classesRef = k.materialMap(highRef, ratioRef);
      expect(high.toArray()).toEqual(highRef);
      expect(ratio.toArray()).toEqual(ratioRef);
      expect(gray.toArray()).toEqual(grayRef);
      expect(classes.toArray()).toEqual(classesRef);
      expect(s.heatmapOverlay(gray, heat, 0.55).toArray()).toEqual(k.heatmapOverlay(grayRef, heatData, 0.55));
      expect(s.materialColor(classes, gray).toArray()).toEqual(k.materialColor(classesRef, grayRef));
      expect(s.percentileWindow(high, 1, 99)).toEqual(k.percentileWindow(highRef, 1, 99));
      expect(maxAbsDiff(high.toArray(), referenceKernels.calibrate(rawHigh, 60000, 310))).toBeLessThanOrEqual(ATTENUATION_ABS);
      expect(maxAbsDiff(gray.toArray(), referenceKernels.windowTo8bit(highRef, 8, 0))).toBeLessThanOrEqual(BYTE_ABS);
    } finally {
      s.close();
    }
  });

  it.each(ODD_SIZES)('when a %i×%i raw plane is calibrated and downsampled in one pass then it equals the two kernels', (w, h) => {
    const raw = randomRaw(w * h, w * 3 + h);
    const s = k.session();
    try {
      const plane = s.fromU16(raw, w, h);
      const full = k.calibrate(raw, 60000, 1200);
      for (const factor of [1, 2, 3, 4, 5, 1.5, 2.5, 3.7]) {
        const fused = s.calibrateDownsample(plane, 60000, 1200, factor);
        const want = k.downsampleArea(full, w, h, factor);
        expect([fused.width, fused.height]).toEqual([want.width, want.height]);
        if (Number.isInteger(factor)) expect(fused.toArray()).toEqual(want.data);
        else expect(maxRelDiff(fused.toArray(), want.data)).toBeLessThanOrEqual(MEAN_REL);
        expect(s.downsampleArea(s.fromF32(full, w, h), factor).toArray()).toEqual(want.data);
      }
    } finally {
      s.close();
    }
  });

  it('when an air/dark pair changes within a session then the calibration table follows it', () => {
    const raw = randomRaw(64 * 8, 4);
    const s = k.session();
    const plane = s.fromU16(raw, 64, 8);
    const first = s.calibrateDownsample(plane, 60000, 0, 2).toArray();
    const other = s.calibrateDownsample(plane, 50000, 900, 2).toArray();
    expect(other).toEqual(k.downsampleArea(k.calibrate(raw, 50000, 900), 64, 8, 2).data);
    expect(other).not.toEqual(first);
    s.close();
  });
});

describe('WASM session memory', () => {
  it('when an allocation grows memory then old views are detached and fresh views and copies read the right pixels', () => {
    const { wasm, k } = fresh('simd');
    const s = k.session();
    const data = randomPlane(37 * 11, 8);
    const plane = s.fromF32(data, 37, 11);
    const early = plane.view();
    const bytes = wasm.memory.buffer.byteLength;
    const big = s.allocate('f32', 4096, 1024);
    expect(wasm.memory.buffer.byteLength).toBeGreaterThan(bytes);
    expect(early.length).toBe(0);
    expect(plane.view()).toEqual(data);
    expect(plane.toArray()).toEqual(data);
    big.view().fill(3);
    expect(s.downsampleArea(plane, 2).toArray()).toEqual(k.downsampleArea(data, 37, 11, 2).data);
    s.close();
  });

  it('when a session is reset between scans then old planes turn stale and the next scan reuses the memory', () => {
    const { wasm, k } = fresh('simd');
    const s = k.session();
    const raw = randomRaw(900 * 300, 2);
    const scan = () => s.calibrateDownsample(s.fromU16(raw, 900, 300), 60000, 0, 4);
    const first = scan();
    const firstData = first.toArray();
    const inUse = s.bytesInUse;
    const bytes = wasm.memory.buffer.byteLength;
    s.reset();
    expect(first.live).toBe(false);
    expect(() => first.toArray()).toThrow(KernelArgumentError);
    expect(() => s.windowTo8bit(first, 5, 0)).toThrow(KernelArgumentError);
    const second = scan();
    expect(second.ptr).toBe(first.ptr);
    expect(s.bytesInUse).toBe(inUse);
    expect(wasm.memory.buffer.byteLength).toBe(bytes);
    expect(second.toArray()).toEqual(firstData);
    s.close();
    expect(s.bytesInUse).toBe(0);
    expect(() => s.fromU8(new Uint8Array(1), 1, 1)).toThrow('Expected an open session for session but received a closed session');
  });

  it('when copying calls and a nested session run while a session is open then its planes are untouched', () => {
    const { k } = fresh('scalar');
    const outer = k.session();
    const data = randomPlane(300 * 200, 6);
    const plane = outer.fromF32(data, 300, 200);
    k.gaussianBlur(randomPlane(1000 * 1000, 7), 1000, 1000, 2);
    const inner = k.session();
    expect(() => outer.windowTo8bit(plane, 12, 0)).toThrow('Expected the innermost open session for session but received a session with a nested session still open');
    expect(() => outer.close()).toThrow(KernelArgumentError);
    const gray = inner.windowTo8bit(plane, 12, 0);
    expect(gray.toArray()).toEqual(k.windowTo8bit(data, 12, 0));
    inner.close();
    expect(gray.live).toBe(false);
    expect(plane.toArray()).toEqual(data);
    expect(outer.windowTo8bit(plane, 12, 0).ptr).toBe(gray.ptr);
    outer.close();
  });

  it('when a plane is copied into a wrong-sized out then a KernelArgumentError is raised', () => {
    const { k } = fresh('simd');
    const s = k.session();
    const plane = s.fromU8(randomGray(12, 1), 4, 3);
    expect(() => plane.toArray(new Uint8Array(11))).toThrow('Expected Uint8Array of length 12 for out but received Uint8Array of length 11');
    const out = new Uint8Array(12);
    expect(plane.toArray(out)).toBe(out);
    s.close();
  });
});

describe('WASM session argument validation', () => {
  it('when arguments are rejected then a KernelArgumentError names them and memory is neither grown nor written', () => {
    const { wasm, k } = fresh('simd');
    const other = fresh('simd').k.session();
    const foreign = other.fromF32(new Float32Array(6), 3, 2);
    const s = k.session();
    const f32 = s.fromF32(randomPlane(6, 1), 3, 2);
    const wide = s.fromF32(randomPlane(8, 2), 4, 2);
    const raw = s.fromU16(randomRaw(6, 3), 3, 2);
    const gray = s.fromU8(randomGray(6, 4), 3, 2);
    const stale = k.session();
    const gone = stale.fromF32(new Float32Array(6), 3, 2);
    stale.close();
    const before = new Uint8Array(wasm.memory.buffer).slice();
    const cases: Array<[() => unknown, string, string]> = [
      [() => s.fromU16(new Uint16Array(1 << 22), 2048, 2049), 'data', 'Expected length 4196352 (width × height) for data but received 4194304'],
      [() => s.fromF32(new Uint16Array(6) as never, 3, 2), 'data', 'Expected Float32Array for data but received Uint16Array of length 6'],
      [() => s.allocate('f64' as never, 3, 2), 'format', "Expected 'u16', 'f32', 'u8' or 'rgba8' for format but received \"f64\""],
      [() => s.allocate('f32', 8193, 2048), 'width', 'Expected integer 1..8192 for width but received 8193'],
      [() => s.calibrate(f32 as never, 60000, 0), 'raw', 'Expected WasmPlane of format u16 for raw but received format f32'],
      [() => s.calibrate(raw, 60000, 60000), 'dark', 'Expected number below air (60000) for dark but received 60000'],
      [() => s.calibrateDownsample(raw, 60000, 0, 0.5), 'factor', 'Expected number 1..8192 for factor but received 0.5'],
      [() => s.downsampleArea(new Float32Array(6) as never, 2), 'src', 'Expected WasmPlane of format f32 for src but received Float32Array of length 6'],
      [() => s.dualRatio(f32, wide, 0.1), 'low', 'Expected plane of 3×2 (same as the first) for low but received 4×2'],
      [() => s.dualRatio(f32, f32, 0), 'minAttenuation', 'Expected finite number above 0 for minAttenuation but received 0'],
      [() => s.dualRatio(f32, foreign, 0.1), 'low', 'Expected a plane of this kernels instance for low but received a plane of another instance'],
      [() => s.windowTo8bit(gone, 5, 0), 'src', 'Expected a live plane for src but received a plane released by reset() or close()'],
      [() => s.windowTo8bit(f32, 2, 2), 'high', 'Expected number different from low (2) for high but received 2'],
      [() => s.heatmapOverlay(gray, f32, 2), 'alpha', 'Expected number 0..1 for alpha but received 2'],
      [() => s.materialMap(f32, f32, { organicInorganic: [1], inorganicMetal: [1, 0, 0], metalHighZ: [1, 0, 0] } as never), 'curves.organicInorganic', 'Expected three finite numbers [c0, c1, c2] for curves.organicInorganic but received Array'],
      [() => s.materialColor(gray, raw as never), 'gray', 'Expected WasmPlane of format u8 for gray but received format u16'],
      [() => s.percentileWindow(f32, 50, 50), 'highPercent', 'Expected number above lowPercent (50) for highPercent but received 50'],
      [() => gone.view(), 'plane', 'Expected a live plane for plane but received a plane released by reset() or close()'],
    ];
    for (const [call, field, message] of cases) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error, message).toBeInstanceOf(KernelArgumentError);
      expect((error as ScangateError).field).toBe(field);
      expect((error as ScangateError).message).toBe(message);
    }
    expect(wasm.memory.buffer.byteLength).toBe(before.length);
    expect(new Uint8Array(wasm.memory.buffer)).toEqual(before);
    expect(foreign).toBeInstanceOf(WasmPlane);
    s.close();
    other.close();
  });
});
