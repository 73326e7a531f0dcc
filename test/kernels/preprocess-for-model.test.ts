import { describe, expect, it } from 'vitest';
import { KernelArgumentError, type ScangateError } from '../../core/errors.js';
import { loadKernels, referenceKernels, type Kernels, type PreprocessOptions, type RawScan } from '../../kernels/index.js';
import { instantiateKernelModule } from '../../kernels/load-kernels.js';
import { bindWasmKernels } from '../../kernels/wasm-kernels.js';
import { maxAbsDiff, maxRelDiff, ODD_SIZES, randomRaw } from './random-images.js';

// Same tolerances as wasm-vs-reference.test.ts: f32 log (2e-5 absolute on attenuation), f32 block
// sums (2e-6 relative on means); the ratio of two means inherits both, hence 1e-5 relative.
const MEAN_REL = 2e-6;
const MEAN_ABS = 2e-5;
const RATIO_REL = 1e-5;
const OPTIONS: PreprocessOptions = { air: 60000, dark: 0, factor: 4, ratioMinAttenuation: 0.1 };

function dualScan(width: number, height: number, seed: number): RawScan {
  return { width, height, high: randomRaw(width * height, seed), low: randomRaw(width * height, seed + 1) };
}

/** The three-kernel chain the fused call replaces, through the copying API. */
function chain(k: Kernels, scan: RawScan, o: PreprocessOptions) {
  const down = (raw: Uint16Array) => k.downsampleArea(k.calibrate(raw, o.air, o.dark), scan.width, scan.height, o.factor);
  const high = down(scan.high);
  const low = down(scan.low!);
  return { high, low, ratio: k.dualRatio(high.data, low.data, o.ratioMinAttenuation) };
}

describe.each(['simd', 'scalar'] as const)('WASM %s preprocessForModel', (variant) => {
  const k = loadKernels(variant);

  it.each(ODD_SIZES)('when a dual-energy %i×%i scan is preprocessed then it matches the reference', (w, h) => {
    const scan = dualScan(w, h, w * 13 + h);
    for (const factor of [1, 2, 3, 4, 5, 2.5]) {
      for (const [air, dark] of [[60000, 0], [50000.5, 310.25]]) {
        const options = { air, dark, factor, ratioMinAttenuation: 0.1 };
        const got = k.preprocessForModel(scan, options);
        const want = referenceKernels.preprocessForModel(scan, options);
        for (const key of ['high', 'low', 'ratio'] as const) {
          expect([got[key]!.width, got[key]!.height]).toEqual([want[key]!.width, want[key]!.height]);
        }
        expect(maxAbsDiff(got.high.data, want.high.data)).toBeLessThanOrEqual(MEAN_ABS);
        expect(maxRelDiff(got.low!.data, want.low!.data)).toBeLessThanOrEqual(Math.max(MEAN_REL, MEAN_ABS));
        expect(maxRelDiff(got.ratio!.data, want.ratio!.data)).toBeLessThanOrEqual(RATIO_REL);
      }
    }
  });

  it.each([[2694, 829, 4], [257, 3, 2], [100, 61, 3], [31, 33, 5]])(
    'when a %i×%i scan is preprocessed at factor %i then it equals calibrate → downsampleArea → dualRatio bit for bit',
    (w, h, factor) => {
      const scan = dualScan(w, h, w + h);
      const options = { ...OPTIONS, factor, dark: 1200 };
      const got = k.preprocessForModel(scan, options);
      const want = chain(k, scan, options);
      expect(got.high.data).toEqual(want.high.data);
      expect(got.low!.data).toEqual(want.low.data);
      expect(got.ratio!.data).toEqual(want.ratio);
    },
  );

  it('when the scan has a single energy (low null or absent) then only the high plane is returned', () => {
    const scan = dualScan(33, 17, 5);
    for (const low of [null, undefined]) {
      const got = k.preprocessForModel({ ...scan, low }, OPTIONS);
      expect(Object.keys(got)).toEqual(['high']);
      expect([got.high.width, got.high.height]).toEqual([9, 5]);
      expect(got.high.data).toEqual(k.preprocessForModel(scan, OPTIONS).high.data);
    }
  });

  it('when scans are preprocessed one after another then memory stops growing and nothing stays resident', () => {
    const wasm = instantiateKernelModule(variant);
    const fresh = bindWasmKernels(wasm, variant);
    const scan = dualScan(700, 300, 7);
    const first = fresh.preprocessForModel(scan, OPTIONS);
    const bytes = wasm.memory.buffer.byteLength;
    const again = fresh.preprocessForModel(scan, OPTIONS);
    expect(wasm.memory.buffer.byteLength).toBe(bytes);
    expect(again.ratio!.data).toEqual(first.ratio!.data);
    const s = fresh.session();
    expect(s.bytesInUse).toBe(0);
    s.close();
  });
});

function thrown(fn: () => unknown): ScangateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KernelArgumentError) return error;
    throw error;
  }
  throw new Error('expected a KernelArgumentError');
}

const scan4x3 = (): RawScan => ({ width: 4, height: 3, high: new Uint16Array(12), low: new Uint16Array(12) });

describe.each([
  ['simd', () => loadKernels('simd')], ['scalar', () => loadKernels('scalar')], ['reference', () => referenceKernels],
] as Array<[string, () => Kernels]>)('%s preprocessForModel argument validation', (_, load) => {
  it.each([
    ['no scan', () => [null, OPTIONS], 'scan', 'Expected object { width, height, high, low? } for scan but received null'],
    ['a float high image', () => [{ ...scan4x3(), high: new Float32Array(12) }, OPTIONS], 'scan.high', 'Expected Uint16Array for scan.high but received Float32Array of length 12'],
    ['a size not matching high', () => [{ ...scan4x3(), width: 5 }, OPTIONS], 'scan.high', 'Expected length 15 (width × height) for scan.high but received 12'],
    ['a zero height', () => [{ ...scan4x3(), height: 0 }, OPTIONS], 'scan.height', 'Expected integer 1..8192 for scan.height but received 0'],
    ['a short low image', () => [{ ...scan4x3(), low: new Uint16Array(11) }, OPTIONS], 'scan.low', 'Expected length 12 (same as the first image) for scan.low but received 11'],
    ['a float low image', () => [{ ...scan4x3(), low: new Float32Array(12) }, OPTIONS], 'scan.low', 'Expected Uint16Array, null or undefined for scan.low but received Float32Array of length 12'],
    ['dark at air', () => [scan4x3(), { ...OPTIONS, dark: 60000 }], 'dark', 'Expected number below air (60000) for dark but received 60000'],
    ['factor below 1', () => [scan4x3(), { ...OPTIONS, factor: 0.5 }], 'factor', 'Expected number 1..8192 for factor but received 0.5'],
    ['ratioMinAttenuation 0', () => [scan4x3(), { ...OPTIONS, ratioMinAttenuation: 0 }], 'ratioMinAttenuation', 'Expected finite number above 0 for ratioMinAttenuation but received 0'],
    ['no options', () => [scan4x3(), undefined], 'options', 'Expected object { air, dark, factor, ratioMinAttenuation } for options but received undefined'],
  ])('when called with %s then a KernelArgumentError names the parameter', (_case, args, field, message) => {
    const [scan, options] = args() as [RawScan, PreprocessOptions];
    const error = thrown(() => load().preprocessForModel(scan, options));
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
  });
});

describe('WASM preprocessForModel rejected arguments', () => {
  it('when arguments are rejected then WASM memory is neither grown nor written', () => {
    const wasm = instantiateKernelModule('simd');
    const k = bindWasmKernels(wasm, 'simd');
    const good = k.preprocessForModel(dualScan(9, 9, 3), OPTIONS);
    const before = new Uint8Array(wasm.memory.buffer).slice();
    const big = { width: 2048, height: 2048, high: new Uint16Array(1 << 22).fill(7), low: new Uint16Array(1 << 22).fill(9) };
    expect(() => k.preprocessForModel(big, { ...OPTIONS, ratioMinAttenuation: -1 })).toThrow(KernelArgumentError);
    expect(() => k.preprocessForModel({ ...big, low: new Uint16Array(5) }, OPTIONS)).toThrow(KernelArgumentError);
    expect(wasm.memory.buffer.byteLength).toBe(before.length);
    expect(new Uint8Array(wasm.memory.buffer)).toEqual(before);
    expect(k.preprocessForModel(dualScan(9, 9, 3), OPTIONS).ratio!.data).toEqual(good.ratio!.data);
  });
});
