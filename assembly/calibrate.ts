// Air/dark calibration to log attenuation: A = -ln(max(v - dark, 1) / (air - dark)),
// clamped to [0, ln(air - dark)] (docs/architecture.md, domain.md "Scan image convention").
import { logApprox, logApproxV } from './log';

/**
 * Converts `n` raw u16 detector values at `rawPtr` to f32 attenuation at `outPtr`.
 * Written as ln(air - dark) - ln(max(v - dark, 1)) so there is one log per pixel and no division.
 */
export function calibrate(rawPtr: usize, n: i32, air: f64, dark: f64, outPtr: usize): void {
  const lnRange = <f32>Math.log(air - dark);
  const darkF = <f32>dark;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vDark = f32x4.splat(darkF);
    const vOne = f32x4.splat(1);
    const vZero = f32x4.splat(0);
    const vRange = f32x4.splat(lnRange);
    for (; i + 8 <= n; i += 8) {
      const raw = v128.load(rawPtr + (<usize>i << 1));
      let lo = f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(raw));
      let hi = f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(raw));
      lo = f32x4.max(f32x4.sub(lo, vDark), vOne);
      hi = f32x4.max(f32x4.sub(hi, vDark), vOne);
      lo = f32x4.sub(vRange, logApproxV(lo));
      hi = f32x4.sub(vRange, logApproxV(hi));
      const o = outPtr + (<usize>i << 2);
      v128.store(o, f32x4.min(f32x4.max(lo, vZero), vRange));
      v128.store(o, f32x4.min(f32x4.max(hi, vZero), vRange), 16);
    }
  }
  for (; i < n; i++) {
    let d = <f32>load<u16>(rawPtr + (<usize>i << 1)) - darkF;
    d = max(d, <f32>1);
    const a = lnRange - logApprox(d);
    store<f32>(outPtr + (<usize>i << 2), min(max(a, <f32>0), lnRange));
  }
}
