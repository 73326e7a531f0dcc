/** Plain TypeScript references of the material classification and its pseudo-colour. */
import { DEFAULT_MATERIAL_CURVES, MATERIAL_PALETTE, type BoundaryCurve, type MaterialCurves } from '../material.js';
import { checkMaterialColor, checkMaterialMap } from '../validate.js';

/**
 * Whether R reaches the curve c0 + c1 / A + c2·A, tested as R·A ≥ (c0·A + c1) + c2·A² (A > 0) and
 * rounded to f32 at each step as the WASM kernel does, so classes match exactly.
 */
function reaches([c0, c1, c2]: BoundaryCurve, a: number, r: number): boolean {
  const f = Math.fround;
  return f(r * a) >= f(f(f(f(c0) * a) + f(c1)) + f(f(c2) * f(a * a)));
}

/**
 * Classes 0 none, 1 organic, 2 inorganic, 3 metal, 4 high-Z from A_high and the dual ratio.
 * @throws KernelArgumentError on mismatched lengths or malformed curves.
 */
export function materialMap(high: Float32Array, ratio: Float32Array, curves?: MaterialCurves, out?: Uint8Array): Uint8Array {
  checkMaterialMap(high, ratio, curves, out);
  const c = curves ?? DEFAULT_MATERIAL_CURVES;
  const result = out ?? new Uint8Array(high.length);
  for (let i = 0; i < high.length; i++) {
    const a = high[i];
    const r = ratio[i];
    if (!(r > 0 && a > 0)) result[i] = 0;
    else if (reaches(c.organicInorganic, a, r)) result[i] = 1;
    else if (reaches(c.inorganicMetal, a, r)) result[i] = 2;
    else if (reaches(c.metalHighZ, a, r)) result[i] = 3;
    else result[i] = 4;
  }
  return result;
}

/**
 * RGBA: round(palette[class] · gray / 255); classes above 4 are drawn as class 0 (gray).
 * @throws KernelArgumentError on mismatched lengths.
 */
export function materialColor(classes: Uint8Array, gray: Uint8Array, out?: Uint8Array): Uint8Array {
  checkMaterialColor(classes, gray, out);
  const result = out ?? new Uint8Array(classes.length * 4);
  for (let i = 0; i < classes.length; i++) {
    const rgb = MATERIAL_PALETTE[classes[i]] ?? MATERIAL_PALETTE[0];
    for (let c = 0; c < 3; c++) result[4 * i + c] = Math.round((rgb[c] * gray[i]) / 255);
    result[4 * i + 3] = 255;
  }
  return result;
}
