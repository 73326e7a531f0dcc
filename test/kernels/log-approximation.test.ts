import { describe, expect, it } from 'vitest';
import { instantiateKernelModule } from '../../kernels/load-kernels.js';
import { seededRandom } from './random-images.js';

// The vectorised log of assembly/log.ts must stay within this relative error of Math.log (about
// 8 f32 ulps); calibrate's attenuation tolerance in wasm-vs-reference.test.ts follows from it.
const MAX_REL_ERROR = 2 ** -20;

function logBatch(variant: 'simd' | 'scalar', xs: Float32Array): Float32Array {
  const wasm = instantiateKernelModule(variant);
  const bytes = xs.length * 4;
  const base = Math.ceil(wasm.heapBase() / 16) * 16;
  const need = base + 2 * bytes - wasm.memory.buffer.byteLength;
  if (need > 0) wasm.memory.grow(Math.ceil(need / 65536));
  new Float32Array(wasm.memory.buffer, base, xs.length).set(xs);
  wasm.logApproxBatch(base, xs.length, base + bytes);
  return new Float32Array(wasm.memory.buffer, base + bytes, xs.length).slice();
}

function inputs(): Float32Array {
  // Every value calibrate can see (integers 1..65535), plus random reals over [1, 1e6] and near 1.
  const rand = seededRandom(7);
  const xs = new Float32Array(65535 + 20000);
  for (let i = 0; i < 65535; i++) xs[i] = i + 1;
  for (let i = 65535; i < xs.length; i++) xs[i] = i % 2 ? 1 + rand() * 1e6 : 1 + rand() * 1e-3;
  return xs;
}

describe('vectorised logarithm', () => {
  it.each(['simd', 'scalar'] as const)('when the %s build takes ln of 1..1e6 then the max relative error is below 2^-20', (variant) => {
    const xs = inputs();
    const got = logBatch(variant, xs);
    let maxRel = 0;
    let maxAbs = 0;
    for (let i = 0; i < xs.length; i++) {
      const want = Math.log(xs[i]);
      const abs = Math.abs(got[i] - want);
      maxAbs = Math.max(maxAbs, abs);
      if (want !== 0) maxRel = Math.max(maxRel, abs / Math.abs(want));
    }
    expect(got[0]).toBe(0);
    expect(maxRel).toBeLessThan(MAX_REL_ERROR);
    expect(maxAbs).toBeLessThan(2e-6);
  });

  it('when both builds take the same logs then they agree bit for bit', () => {
    const xs = inputs();
    expect(logBatch('simd', xs)).toEqual(logBatch('scalar', xs));
  });
});
