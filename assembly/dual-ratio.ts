// Dual-energy ratio R = A_low / A_high (domain.md: organic ~1.23, steel ~1.09, lead ~0.96), zeroed
// where the high-energy attenuation is too small for the ratio to mean anything (air, noise).

/** out[i] = high[i] >= minAttenuation ? low[i] / high[i] : 0, for `n` f32 values. */
export function dualRatio(highPtr: usize, lowPtr: usize, n: i32, minAttenuation: f32, outPtr: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vMin = f32x4.splat(minAttenuation);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const h = v128.load(highPtr + o);
      const r = f32x4.div(v128.load(lowPtr + o), h);
      // The mask is all ones where the ratio is kept; and-ing with it zeroes the rest.
      v128.store(outPtr + o, v128.and(r, f32x4.ge(h, vMin)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const h = load<f32>(highPtr + o);
    store<f32>(outPtr + o, h >= minAttenuation ? load<f32>(lowPtr + o) / h : <f32>0);
  }
}
