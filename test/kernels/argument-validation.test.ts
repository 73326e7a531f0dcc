import { describe, expect, it } from 'vitest';
import { KernelArgumentError, type ScangateError } from '../../core/errors.js';
import { loadKernels, referenceKernels, type Kernels } from '../../kernels/index.js';
import { instantiateKernelModule } from '../../kernels/load-kernels.js';
import { bindWasmKernels } from '../../kernels/wasm-kernels.js';

const implementations: Array<[string, () => Kernels]> = [
  ['simd', () => loadKernels('simd')],
  ['scalar', () => loadKernels('scalar')],
  ['reference', () => referenceKernels],
];

function thrown(fn: () => unknown): ScangateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KernelArgumentError) return error;
    throw error;
  }
  throw new Error('expected a KernelArgumentError');
}

describe.each(implementations)('%s kernels argument validation', (_, load) => {
  const f32 = (n: number) => new Float32Array(n);

  it.each([
    ['calibrate with an empty image', (k: Kernels) => k.calibrate(new Uint16Array(0), 60000, 0), 'raw', 'Expected Uint16Array of length 1..67108864 for raw but received Uint16Array of length 0'],
    ['calibrate with dark at air', (k: Kernels) => k.calibrate(new Uint16Array(4), 100, 100), 'dark', 'Expected number below air (100) for dark but received 100'],
    ['calibrate with a NaN air', (k: Kernels) => k.calibrate(new Uint16Array(4), NaN, 0), 'air', 'Expected number 1..65535 for air but received NaN'],
    ['calibrate with a short out', (k: Kernels) => k.calibrate(new Uint16Array(4), 60000, 0, f32(3)), 'out', 'Expected Float32Array of length 4 for out but received Float32Array of length 3'],
    ['calibrate with float input', (k: Kernels) => k.calibrate(f32(4) as unknown as Uint16Array, 60000, 0), 'raw', 'Expected Uint16Array for raw but received Float32Array of length 4'],
    ['downsampleArea with zero width', (k: Kernels) => k.downsampleArea(f32(4), 0, 4, 2), 'width', 'Expected integer 1..8192 for width but received 0'],
    ['downsampleArea with a size not matching src', (k: Kernels) => k.downsampleArea(f32(10), 3, 3, 2), 'src', 'Expected length 9 (width × height) for src but received 10'],
    ['downsampleArea with factor 0', (k: Kernels) => k.downsampleArea(f32(9), 3, 3, 0), 'factor', 'Expected number 1..8192 for factor but received 0'],
    ['downsampleArea with a factor below 1', (k: Kernels) => k.downsampleArea(f32(9), 3, 3, 0.5), 'factor', 'Expected number 1..8192 for factor but received 0.5'],
    ['dualRatio with mismatched lengths', (k: Kernels) => k.dualRatio(f32(4), f32(5), 0.1), 'low', 'Expected length 4 (same as the first image) for low but received 5'],
    ['dualRatio with minAttenuation 0', (k: Kernels) => k.dualRatio(f32(4), f32(4), 0), 'minAttenuation', 'Expected finite number above 0 for minAttenuation but received 0'],
    ['extractTiles with tile 0', (k: Kernels) => k.extractTiles(f32(4), 2, 2, 0), 'tile', 'Expected integer 1..1024 for tile but received 0'],
    ['extractTiles with a height too large', (k: Kernels) => k.extractTiles(f32(4), 1, 9000, 2), 'height', 'Expected integer 1..8192 for height but received 9000'],
    ['windowTo8bit with low equal to high', (k: Kernels) => k.windowTo8bit(f32(4), 2, 2), 'high', 'Expected number different from low (2) for high but received 2'],
    ['windowTo8bit with an infinite low', (k: Kernels) => k.windowTo8bit(f32(4), -Infinity, 2), 'low', 'Expected finite number for low but received -Infinity'],
    ['heatmapOverlay with alpha above 1', (k: Kernels) => k.heatmapOverlay(new Uint8Array(4), f32(4), 1.5), 'alpha', 'Expected number 0..1 for alpha but received 1.5'],
    ['heatmapOverlay with mismatched lengths', (k: Kernels) => k.heatmapOverlay(new Uint8Array(4), f32(3), 0.5), 'heat', 'Expected length 4 (same as the first image) for heat but received 3'],
    ['heatmapOverlay with an RGBA out of gray size', (k: Kernels) => k.heatmapOverlay(new Uint8Array(4), f32(4), 0.5, new Uint8Array(4)), 'out', 'Expected Uint8Array of length 16 for out but received Uint8Array of length 4'],
    ['materialMap with mismatched lengths', (k: Kernels) => k.materialMap(f32(4), f32(2)), 'ratio', 'Expected length 4 (same as the first image) for ratio but received 2'],
    ['materialMap with a two-term curve', (k: Kernels) => k.materialMap(f32(4), f32(4), { organicInorganic: [1, 2], inorganicMetal: [1, 0, 0], metalHighZ: [1, 0, 0] } as never), 'curves.organicInorganic', 'Expected three finite numbers [c0, c1, c2] for curves.organicInorganic but received Array'],
    ['materialColor with mismatched lengths', (k: Kernels) => k.materialColor(new Uint8Array(4), new Uint8Array(5)), 'gray', 'Expected length 4 (same as the first image) for gray but received 5'],
    ['gaussianBlur with sigma 0', (k: Kernels) => k.gaussianBlur(f32(9), 3, 3, 0), 'sigma', 'Expected number 0.3..32 for sigma but received 0'],
    ['repairDeadRows on a float image', (k: Kernels) => k.repairDeadRows(f32(9) as never, 3, 3), 'src', 'Expected Uint16Array for src but received Float32Array of length 9'],
    ['repairDeadRows with a wrong size', (k: Kernels) => k.repairDeadRows(new Uint16Array(8), 3, 3), 'src', 'Expected length 9 (width × height) for src but received 8'],
    ['median3x3 with a negative height', (k: Kernels) => k.median3x3(f32(9), 3, -3), 'height', 'Expected integer 1..8192 for height but received -3'],
    ['sobelMagnitude with an empty image', (k: Kernels) => k.sobelMagnitude(f32(0), 0, 0), 'src', 'Expected Float32Array of length 1..67108864 for src but received Float32Array of length 0'],
    ['histogram with max below min', (k: Kernels) => k.histogram(f32(9), 16, 5, 1), 'max', 'Expected number above min (5) for max but received 1'],
    ['histogram with zero bins', (k: Kernels) => k.histogram(f32(9), 0, 0, 1), 'bins', 'Expected integer 1..65536 for bins but received 0'],
    ['percentileWindow with reversed percentiles', (k: Kernels) => k.percentileWindow(f32(9), 99, 1), 'highPercent', 'Expected number above lowPercent (99) for highPercent but received 1'],
    ['clahe with more tiles than columns', (k: Kernels) => k.clahe(new Uint8Array(12), 3, 4, { tilesX: 4 }), 'tilesX', 'Expected integer 1..3 for tilesX but received 4'],
    ['clahe with clipLimit 0', (k: Kernels) => k.clahe(new Uint8Array(12), 3, 4, { clipLimit: 0 }), 'clipLimit', 'Expected number 1..256 for clipLimit but received 0'],
  ])('when %s then a KernelArgumentError names the parameter', (_case, call, field, message) => {
    const error = thrown(() => call(load()));
    expect(error.code).toBe('SCANGATE_ERR_KERNEL_ARGUMENT');
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
  });
});

describe('WASM argument validation', () => {
  it('when arguments are rejected then WASM memory is neither grown nor written', () => {
    const wasm = instantiateKernelModule('simd');
    const k = bindWasmKernels(wasm, 'simd');
    const good = k.calibrate(new Uint16Array(16).fill(1000), 60000, 0);
    const before = new Uint8Array(wasm.memory.buffer).slice();
    expect(() => k.calibrate(new Uint16Array(1 << 22).fill(7), 60000, 60000)).toThrow(KernelArgumentError);
    expect(() => k.gaussianBlur(new Float32Array(1 << 22), 2048, 2048, 0)).toThrow(KernelArgumentError);
    expect(wasm.memory.buffer.byteLength).toBe(before.length);
    expect(new Uint8Array(wasm.memory.buffer)).toEqual(before);
    expect(k.calibrate(new Uint16Array(16).fill(1000), 60000, 0)).toEqual(good);
  });
});
