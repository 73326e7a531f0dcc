// Sobel gradient magnitude sqrt(gx² + gy²) with replicated borders (edge enhancement for
// inspectors). gx uses the [1 2 1]ᵀ·[−1 0 1] kernel, gy its transpose.
import { padImage } from './pad-image';

/** @param padPtr scratch of (width + 2) × (height + 2) f32 */
export function sobelMagnitude(srcPtr: usize, width: i32, height: i32, outPtr: usize, padPtr: usize): void {
  const stride = <usize>(width + 2) << 2;
  padImage(srcPtr, width, height, 1, padPtr);
  for (let y = 0; y < height; y++) {
    const r0 = padPtr + <usize>y * stride;
    const r1 = r0 + stride;
    const r2 = r1 + stride;
    const dst = outPtr + (<usize>y * <usize>width << 2);
    let x = 0;
    if (ASC_FEATURE_SIMD) {
      const two = f32x4.splat(2);
      for (; x + 4 <= width; x += 4) {
        const o = <usize>x << 2;
        const a0 = v128.load(r0 + o);
        const a1 = v128.load(r0 + o, 4);
        const a2 = v128.load(r0 + o, 8);
        const c0 = v128.load(r2 + o);
        const c1 = v128.load(r2 + o, 4);
        const c2 = v128.load(r2 + o, 8);
        const gx = f32x4.add(
          f32x4.add(f32x4.sub(a2, a0), f32x4.sub(c2, c0)),
          f32x4.mul(two, f32x4.sub(v128.load(r1 + o, 8), v128.load(r1 + o))),
        );
        const gy = f32x4.add(f32x4.add(f32x4.sub(c0, a0), f32x4.sub(c2, a2)), f32x4.mul(two, f32x4.sub(c1, a1)));
        v128.store(dst + o, f32x4.sqrt(f32x4.add(f32x4.mul(gx, gx), f32x4.mul(gy, gy))));
      }
    }
    for (; x < width; x++) {
      const o = <usize>x << 2;
      const a0 = load<f32>(r0 + o);
      const a1 = load<f32>(r0 + o, 4);
      const a2 = load<f32>(r0 + o, 8);
      const c0 = load<f32>(r2 + o);
      const c1 = load<f32>(r2 + o, 4);
      const c2 = load<f32>(r2 + o, 8);
      const gx = ((a2 - a0) + (c2 - c0)) + <f32>2 * (load<f32>(r1 + o, 8) - load<f32>(r1 + o));
      const gy = ((c0 - a0) + (c2 - a2)) + <f32>2 * (c1 - a1);
      store<f32>(dst + o, Mathf.sqrt(gx * gx + gy * gy));
    }
  }
}
