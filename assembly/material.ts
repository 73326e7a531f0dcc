// Dual-energy material classes and their pseudo-colour. Classes: 0 none (air or too little
// attenuation), 1 organic, 2 inorganic (light metals, glass), 3 metal (steel), 4 high-Z (lead and
// heavier). The ratio R = A_low / A_high drifts with thickness (domain.md), so the three class
// boundaries are curves c0 + c1 / A + c2·A over A = A_high = −ln T_high, not constants: the 1/A
// term is the pull of fixed layers every ray crosses (the two steel side walls), the linear term a
// scanner's beam-hardening drift. Both sides are multiplied by A (> 0 wherever a class is given),
// R·A ≥ c0·A + c1 + c2·A², which is the same test without a division per pixel.

/**
 * @param curvesPtr nine f32: the organic/inorganic, inorganic/metal and metal/high-Z boundaries,
 *   each as c0, c1, c2
 * @param outPtr u8 classes
 */
export function materialMap(highPtr: usize, ratioPtr: usize, n: i32, curvesPtr: usize, outPtr: usize): void {
  const a0 = load<f32>(curvesPtr), a1 = load<f32>(curvesPtr, 4), a2 = load<f32>(curvesPtr, 8);
  const b0 = load<f32>(curvesPtr, 12), b1 = load<f32>(curvesPtr, 16), b2 = load<f32>(curvesPtr, 20);
  const c0 = load<f32>(curvesPtr, 24), c1 = load<f32>(curvesPtr, 28), c2 = load<f32>(curvesPtr, 32);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i << 2;
      const q0 = classLanes(highPtr + o, ratioPtr + o, a0, a1, a2, b0, b1, b2, c0, c1, c2);
      const q1 = classLanes(highPtr + o + 16, ratioPtr + o + 16, a0, a1, a2, b0, b1, b2, c0, c1, c2);
      const q2 = classLanes(highPtr + o + 32, ratioPtr + o + 32, a0, a1, a2, b0, b1, b2, c0, c1, c2);
      const q3 = classLanes(highPtr + o + 48, ratioPtr + o + 48, a0, a1, a2, b0, b1, b2, c0, c1, c2);
      v128.store(outPtr + <usize>i, i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(q0, q1), i16x8.narrow_i32x4_s(q2, q3)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const a = load<f32>(highPtr + o);
    const r = load<f32>(ratioPtr + o);
    let cls: u8 = 0;
    if (r > 0 && a > 0) {
      const ra = r * a;
      const aa = a * a;
      cls = ra >= (a0 * a + a1) + a2 * aa ? 1 : ra >= (b0 * a + b1) + b2 * aa ? 2 : ra >= (c0 * a + c1) + c2 * aa ? 3 : 4;
    }
    store<u8>(outPtr + <usize>i, cls);
  }
}

// @ts-ignore: decorator
@inline function curveTimesA(a: v128, aa: v128, k0: f32, k1: f32, k2: f32): v128 {
  return f32x4.add(f32x4.add(f32x4.mul(f32x4.splat(k0), a), f32x4.splat(k1)), f32x4.mul(f32x4.splat(k2), aa));
}

/**
 * Four classes as i32 lanes: the first boundary (organic, inorganic, metal) the ratio reaches, as in
 * the scalar cascade; curves may cross at tiny A, so counting boundaries would not be the same.
 */
// @ts-ignore: decorator
@inline function classLanes(
  highPtr: usize, ratioPtr: usize, a0: f32, a1: f32, a2: f32, b0: f32, b1: f32, b2: f32, c0: f32, c1: f32, c2: f32,
): v128 {
  const a = v128.load(highPtr);
  const r = v128.load(ratioPtr);
  const zero = f32x4.splat(0);
  const ra = f32x4.mul(r, a);
  const aa = f32x4.mul(a, a);
  let cls = i32x4.splat(4);
  cls = v128.bitselect(i32x4.splat(3), cls, f32x4.ge(ra, curveTimesA(a, aa, c0, c1, c2)));
  cls = v128.bitselect(i32x4.splat(2), cls, f32x4.ge(ra, curveTimesA(a, aa, b0, b1, b2)));
  cls = v128.bitselect(i32x4.splat(1), cls, f32x4.ge(ra, curveTimesA(a, aa, a0, a1, a2)));
  const valid = v128.and(f32x4.gt(r, zero), f32x4.gt(a, zero));
  return v128.and(cls, valid);
}

/**
 * RGBA pseudo-colour: the class colour scaled by the 8-bit gray (brightness from attenuation);
 * class 0 stays gray. Channel = round(palette · gray / 255).
 * @param palettePtr 3 × 16 u8: the R, G and B of classes 0..15 (only 0..4 are used)
 */
export function materialColor(classPtr: usize, grayPtr: usize, n: i32, palettePtr: usize, outPtr: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const pr = v128.load(palettePtr);
    const pg = v128.load(palettePtr, 16);
    const pb = v128.load(palettePtr, 32);
    const opaque = i8x16.splat(-1);
    for (; i + 16 <= n; i += 16) {
      const cls = i8x16.min_u(v128.load(classPtr + <usize>i), i8x16.splat(15));
      const g = v128.load(grayPtr + <usize>i);
      const r = scaleBytes(v128.swizzle(pr, cls), g);
      const gg = scaleBytes(v128.swizzle(pg, cls), g);
      const b = scaleBytes(v128.swizzle(pb, cls), g);
      // Interleave R, G, B, A bytes into four RGBA vectors.
      const rgLo = v128.shuffle<u8>(r, gg, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      const rgHi = v128.shuffle<u8>(r, gg, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      const baLo = v128.shuffle<u8>(b, opaque, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      const baHi = v128.shuffle<u8>(b, opaque, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      const o = outPtr + (<usize>i << 2);
      v128.store(o, v128.shuffle<u16>(rgLo, baLo, 0, 8, 1, 9, 2, 10, 3, 11));
      v128.store(o, v128.shuffle<u16>(rgLo, baLo, 4, 12, 5, 13, 6, 14, 7, 15), 16);
      v128.store(o, v128.shuffle<u16>(rgHi, baHi, 0, 8, 1, 9, 2, 10, 3, 11), 32);
      v128.store(o, v128.shuffle<u16>(rgHi, baHi, 4, 12, 5, 13, 6, 14, 7, 15), 48);
    }
  }
  for (; i < n; i++) {
    const cls = <usize>min(load<u8>(classPtr + <usize>i), 15);
    const g = <u32>load<u8>(grayPtr + <usize>i);
    const o = outPtr + (<usize>i << 2);
    store<u8>(o, <u8>div255(<u32>load<u8>(palettePtr + cls) * g));
    store<u8>(o, <u8>div255(<u32>load<u8>(palettePtr + 16 + cls) * g), 1);
    store<u8>(o, <u8>div255(<u32>load<u8>(palettePtr + 32 + cls) * g), 2);
    store<u8>(o, 255, 3);
  }
}

/** round(x / 255) for x in 0..65025, exactly (Blinn, "Three wrongs make a right", 1995). */
// @ts-ignore: decorator
@inline function div255(x: u32): u32 {
  const t = x + 128;
  return (t + (t >> 8)) >> 8;
}

// @ts-ignore: decorator
@inline function scaleBytes(p: v128, g: v128): v128 {
  const lo = i16x8.extmul_low_i8x16_u(p, g);
  const hi = i16x8.extmul_high_i8x16_u(p, g);
  const k = i16x8.splat(128);
  const tl = i16x8.add(lo, k);
  const th = i16x8.add(hi, k);
  const ql = i16x8.shr_u(i16x8.add(tl, i16x8.shr_u(tl, 8)), 8);
  const qh = i16x8.shr_u(i16x8.add(th, i16x8.shr_u(th, 8)), 8);
  return i8x16.narrow_i16x8_u(ql, qh);
}
