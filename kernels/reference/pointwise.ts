/**
 * Plain TypeScript references of the pointwise kernels: the semantics the WASM builds are tested
 * against, written for clarity in f64 rather than speed.
 */
import { checkCalibrate, checkDualRatio, checkHeatmapOverlay, checkWindow } from '../validate.js';

/**
 * A = −ln(max(v − dark, 1) / (air − dark)), clamped to [0, ln(air − dark)].
 * @throws KernelArgumentError on an empty buffer, air/dark out of range or a wrong-sized `out`.
 */
export function calibrate(raw: Uint16Array, air: number, dark: number, out?: Float32Array): Float32Array {
  checkCalibrate(raw, air, dark, out);
  const result = out ?? new Float32Array(raw.length);
  const lnRange = Math.log(air - dark);
  for (let i = 0; i < raw.length; i++) {
    const a = lnRange - Math.log(Math.max(raw[i] - dark, 1));
    result[i] = Math.min(Math.max(a, 0), lnRange);
  }
  return result;
}

/**
 * A_low / A_high where A_high ≥ minAttenuation, else 0.
 * @throws KernelArgumentError on mismatched lengths or minAttenuation ≤ 0.
 */
export function dualRatio(high: Float32Array, low: Float32Array, minAttenuation: number, out?: Float32Array): Float32Array {
  checkDualRatio(high, low, minAttenuation, out);
  const result = out ?? new Float32Array(high.length);
  const min = Math.fround(minAttenuation);
  for (let i = 0; i < high.length; i++) result[i] = high[i] >= min ? low[i] / high[i] : 0;
  return result;
}

/** Clamps to [0, 255] with NaN mapped to 0, then rounds half up. */
function toByte(v: number): number {
  const c = v > 0 ? Math.min(v, 255) : 0;
  return Math.floor(c + 0.5);
}

/**
 * round(clamp((v − low) · 255 / (high − low), 0, 255)).
 * @throws KernelArgumentError when low = high or either is not finite.
 */
export function windowTo8bit(src: Float32Array, low: number, high: number, out?: Uint8Array): Uint8Array {
  checkWindow(src, low, high, out);
  const result = out ?? new Uint8Array(src.length);
  const scale = 255 / (high - low);
  for (let i = 0; i < src.length; i++) result[i] = toByte((src[i] - low) * scale);
  return result;
}

/**
 * RGBA blend of a red→yellow ramp (255, 255·h, 0) over gray with weight alpha·clamp(h, 0, 1).
 * @throws KernelArgumentError on mismatched lengths or alpha outside [0, 1].
 */
export function heatmapOverlay(gray: Uint8Array, heat: Float32Array, alpha: number, out?: Uint8Array): Uint8Array {
  checkHeatmapOverlay(gray, heat, alpha, out);
  const result = out ?? new Uint8Array(gray.length * 4);
  for (let i = 0; i < gray.length; i++) {
    const g = gray[i];
    const hv = heat[i];
    const h = hv > 0 ? Math.min(hv, 1) : 0;
    const w = alpha * h;
    result[4 * i] = toByte(g + w * (255 - g));
    result[4 * i + 1] = toByte(g + w * (255 * h - g));
    result[4 * i + 2] = toByte(g - w * g);
    result[4 * i + 3] = 255;
  }
  return result;
}
