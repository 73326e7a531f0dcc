// Linear window/level to 8-bit gray for inspectors: 0 at `low`, 255 at `high`, clamped, rounded half
// up. With low > high the scale is negative, which inverts the ramp without a separate path.

/** out[i] = round(clamp((src[i] - low) * 255 / (high - low), 0, 255)) for `n` values. */
export function windowTo8bit(srcPtr: usize, n: i32, low: f64, high: f64, outPtr: usize): void {
  const scale = <f32>(255 / (high - low));
  const lowF = <f32>low;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vLow = f32x4.splat(lowF);
    const vScale = f32x4.splat(scale);
    for (; i + 16 <= n; i += 16) {
      const p = srcPtr + (<usize>i << 2);
      const a = windowLanes(v128.load(p), vLow, vScale);
      const b = windowLanes(v128.load(p, 16), vLow, vScale);
      const c = windowLanes(v128.load(p, 32), vLow, vScale);
      const d = windowLanes(v128.load(p, 48), vLow, vScale);
      // Lanes already lie in 0..255, so the saturating narrows only repack them.
      v128.store(outPtr + <usize>i, i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(a, b), i16x8.narrow_i32x4_s(c, d)));
    }
  }
  for (; i < n; i++) {
    const v = (load<f32>(srcPtr + (<usize>i << 2)) - lowF) * scale;
    store<u8>(outPtr + <usize>i, <u8>i32(clampByte(v) + 0.5));
  }
}

// @ts-ignore: decorator
@inline function clampByte(v: f32): f32 {
  // Written so NaN falls to 0, like the pmax/pmin lanes below.
  const a = v > 0 ? v : <f32>0;
  return a < 255 ? a : <f32>255;
}

// @ts-ignore: decorator
@inline function windowLanes(v: v128, vLow: v128, vScale: v128): v128 {
  const s = f32x4.mul(f32x4.sub(v, vLow), vScale);
  // pmax(0, s) returns 0 for NaN s; pmin(255, .) keeps that.
  const c = f32x4.pmin(f32x4.splat(255), f32x4.pmax(f32x4.splat(0), s));
  return i32x4.trunc_sat_f32x4_s(f32x4.add(c, f32x4.splat(0.5)));
}
