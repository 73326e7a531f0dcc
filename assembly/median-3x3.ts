// 3×3 median denoise with replicated borders. Each padded column of three is sorted once
// (lo ≤ mid ≤ hi); the median of the 3×3 block is then med3(max of los, med3 of mids, min of his)
// (A. W. Paeth, "Median finding on a 3×3 grid", Graphics Gems, 1990), so neighbouring outputs share
// the column sorts and every step is a SIMD min/max.
import { padImage } from './pad-image';

/**
 * @param padPtr scratch of (width + 2) × (height + 2) f32
 * @param sortedPtr scratch of 3 × (width + 2) f32 (+16 bytes): the lo, mid and hi rows
 */
export function median3x3(srcPtr: usize, width: i32, height: i32, outPtr: usize, padPtr: usize, sortedPtr: usize): void {
  const pw = width + 2;
  const stride = <usize>pw << 2;
  const loRow = sortedPtr;
  const midRow = sortedPtr + stride;
  const hiRow = sortedPtr + 2 * stride;
  padImage(srcPtr, width, height, 1, padPtr);
  for (let y = 0; y < height; y++) {
    const r0 = padPtr + <usize>y * stride;
    let x = 0;
    if (ASC_FEATURE_SIMD) {
      for (; x + 4 <= pw; x += 4) {
        const o = <usize>x << 2;
        const a = v128.load(r0 + o);
        const b = v128.load(r0 + stride + o);
        const c = v128.load(r0 + 2 * stride + o);
        const ab = f32x4.min(a, b);
        const bb = f32x4.max(a, b);
        v128.store(loRow + o, f32x4.min(ab, c));
        const t = f32x4.max(ab, c);
        v128.store(midRow + o, f32x4.min(bb, t));
        v128.store(hiRow + o, f32x4.max(bb, t));
      }
    }
    for (; x < pw; x++) {
      const o = <usize>x << 2;
      const a = load<f32>(r0 + o);
      const b = load<f32>(r0 + stride + o);
      const c = load<f32>(r0 + 2 * stride + o);
      const ab = min(a, b);
      const bb = max(a, b);
      store<f32>(loRow + o, min(ab, c));
      const t = max(ab, c);
      store<f32>(midRow + o, min(bb, t));
      store<f32>(hiRow + o, max(bb, t));
    }
    const dst = outPtr + (<usize>y * <usize>width << 2);
    x = 0;
    if (ASC_FEATURE_SIMD) {
      for (; x + 4 <= width; x += 4) {
        const o = <usize>x << 2;
        const lo = f32x4.max(f32x4.max(v128.load(loRow + o), v128.load(loRow + o, 4)), v128.load(loRow + o, 8));
        const hi = f32x4.min(f32x4.min(v128.load(hiRow + o), v128.load(hiRow + o, 4)), v128.load(hiRow + o, 8));
        const mid = med3V(v128.load(midRow + o), v128.load(midRow + o, 4), v128.load(midRow + o, 8));
        v128.store(dst + o, med3V(lo, mid, hi));
      }
    }
    for (; x < width; x++) {
      const o = <usize>x << 2;
      const lo = max(max(load<f32>(loRow + o), load<f32>(loRow + o, 4)), load<f32>(loRow + o, 8));
      const hi = min(min(load<f32>(hiRow + o), load<f32>(hiRow + o, 4)), load<f32>(hiRow + o, 8));
      const mid = med3(load<f32>(midRow + o), load<f32>(midRow + o, 4), load<f32>(midRow + o, 8));
      store<f32>(dst + o, med3(lo, mid, hi));
    }
  }
}

// @ts-ignore: decorator
@inline function med3(a: f32, b: f32, c: f32): f32 {
  return max(min(a, b), min(max(a, b), c));
}

// @ts-ignore: decorator
@inline function med3V(a: v128, b: v128, c: v128): v128 {
  return f32x4.max(f32x4.min(a, b), f32x4.min(f32x4.max(a, b), c));
}
