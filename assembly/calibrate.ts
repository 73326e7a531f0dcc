// Air/dark calibration to log attenuation: A = -ln(max(v - dark, 1) / (air - dark)),
// clamped to [0, ln(air - dark)] (docs/architecture.md, domain.md "Scan image convention").
import { logApprox, logApproxV } from './log';

/**
 * Converts `n` raw u16 detector values at `rawPtr` to f32 attenuation at `outPtr`.
 * Written as ln(air - dark) - ln(max(v - dark, 1)) so there is one log per pixel and no division.
 * Large images go through a 65536-entry table built with the same arithmetic (see calibrateLut).
 * @param lutPtr scratch of 65536 f32 + 65536 u16 (384 KB), used when n >= LUT_MIN_PIXELS
 */
export function calibrate(rawPtr: usize, n: i32, air: f64, dark: f64, outPtr: usize, lutPtr: usize): void {
  const lnRange = <f32>Math.log(air - dark);
  const darkF = <f32>dark;
  if (n >= LUT_MIN_PIXELS) {
    calibrateLut(rawPtr, n, lnRange, darkF, outPtr, lutPtr);
    return;
  }
  calibrateDirect(rawPtr, n, lnRange, darkF, outPtr);
}

/**
 * Past this many pixels a table of all 65536 raw values is cheaper than one log per pixel: the table
 * costs 65536 vector logs, and then each pixel is one load from a 256 KB table that stays in L2.
 */
// @ts-ignore: decorator
@inline const LUT_MIN_PIXELS = 262144;

/**
 * Fills the 65536-entry f32 table at `lutPtr` with the attenuation of every raw value, computed by
 * the direct kernel so table and per-pixel paths agree bit for bit. The fused calibrate-downsample
 * path builds it once per scan and reads it for both energies.
 * @param lutPtr scratch of 65536 f32 + 65536 u16 (the ramp the table is computed from)
 */
export function calibrationTable(air: f64, dark: f64, lutPtr: usize): void {
  buildTable(<f32>Math.log(air - dark), <f32>dark, lutPtr);
}

function buildTable(lnRange: f32, darkF: f32, lutPtr: usize): void {
  // The table is the direct kernel applied to the ramp 0..65535, kept just past the table.
  const rampPtr = lutPtr + (65536 << 2);
  for (let v = 0; v < 65536; v++) store<u16>(rampPtr + (<usize>v << 1), <u16>v);
  calibrateDirect(rampPtr, 65536, lnRange, darkF, lutPtr);
}

/** Builds the table, then gathers through it. */
function calibrateLut(rawPtr: usize, n: i32, lnRange: f32, darkF: f32, outPtr: usize, lutPtr: usize): void {
  buildTable(lnRange, darkF, lutPtr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = rawPtr + (<usize>i << 1);
    const o = outPtr + (<usize>i << 2);
    store<f32>(o, load<f32>(lutPtr + (<usize>load<u16>(p) << 2)));
    store<f32>(o, load<f32>(lutPtr + (<usize>load<u16>(p, 2) << 2)), 4);
    store<f32>(o, load<f32>(lutPtr + (<usize>load<u16>(p, 4) << 2)), 8);
    store<f32>(o, load<f32>(lutPtr + (<usize>load<u16>(p, 6) << 2)), 12);
  }
  for (; i < n; i++) store<f32>(outPtr + (<usize>i << 2), load<f32>(lutPtr + (<usize>load<u16>(rawPtr + (<usize>i << 1)) << 2)));
}

/**
 * One log per pixel, 8 pixels per SIMD step. Signed conversions throughout: u16 values are exact in
 * i32, and x64 has no unsigned vector conversion, so V8 would emulate one.
 */
function calibrateDirect(rawPtr: usize, n: i32, lnRange: f32, darkF: f32, outPtr: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vDark = f32x4.splat(darkF);
    const vOne = f32x4.splat(1);
    const vZero = f32x4.splat(0);
    const vRange = f32x4.splat(lnRange);
    for (; i + 8 <= n; i += 8) {
      const raw = v128.load(rawPtr + (<usize>i << 1));
      let lo = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(raw));
      let hi = f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(raw));
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
