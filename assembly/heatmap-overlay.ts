// Heatmap overlay for inspectors: a red -> yellow ramp (R = 255, G = 255 h, B = 0) blended over 8-bit
// gray with weight alpha * h, so cold pixels keep the scan visible and hot ones turn yellow.

/**
 * RGBA out, 4 bytes per pixel: c = g + w (ramp - g) with w = alpha * clamp(h, 0, 1); A = 255.
 * NaN heat counts as 0.
 */
export function heatmapOverlay(grayPtr: usize, heatPtr: usize, n: i32, alpha: f32, outPtr: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vZero = f32x4.splat(0);
    const vOne = f32x4.splat(1);
    const v255 = f32x4.splat(255);
    const vHalf = f32x4.splat(0.5);
    const vAlpha = f32x4.splat(alpha);
    const vOpaque = i32x4.splat(0xff000000);
    for (; i + 4 <= n; i += 4) {
      const g8 = v128.load32_zero(grayPtr + <usize>i);
      const g = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(g8)));
      let h = f32x4.pmax(vZero, v128.load(heatPtr + (<usize>i << 2)));
      h = f32x4.pmin(vOne, h);
      const w = f32x4.mul(vAlpha, h);
      const r = f32x4.add(g, f32x4.mul(w, f32x4.sub(v255, g)));
      const gg = f32x4.add(g, f32x4.mul(w, f32x4.sub(f32x4.mul(v255, h), g)));
      const b = f32x4.sub(g, f32x4.mul(w, g));
      const ri = i32x4.trunc_sat_f32x4_s(f32x4.add(r, vHalf));
      const gi = i32x4.trunc_sat_f32x4_s(f32x4.add(gg, vHalf));
      const bi = i32x4.trunc_sat_f32x4_s(f32x4.add(b, vHalf));
      // Signed conversions: channels lie in 0..255.5 and x64 has no unsigned vector conversion.
      // Little-endian lanes: byte 0 = R, 1 = G, 2 = B, 3 = A.
      const px = v128.or(v128.or(ri, i32x4.shl(gi, 8)), v128.or(i32x4.shl(bi, 16), vOpaque));
      v128.store(outPtr + (<usize>i << 2), px);
    }
  }
  for (; i < n; i++) {
    const g = <f32>load<u8>(grayPtr + <usize>i);
    let h = load<f32>(heatPtr + (<usize>i << 2));
    h = h > 0 ? h : <f32>0;
    h = h < 1 ? h : <f32>1;
    const w = alpha * h;
    const r = g + w * (<f32>255 - g);
    const gg = g + w * (<f32>255 * h - g);
    const b = g - w * g;
    const o = outPtr + (<usize>i << 2);
    store<u8>(o, <u8>u32(r + 0.5));
    store<u8>(o, <u8>u32(gg + 0.5), 1);
    store<u8>(o, <u8>u32(b + 0.5), 2);
    store<u8>(o, 255, 3);
  }
}
