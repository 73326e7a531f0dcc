/**
 * Dual-energy material classes, the default class boundaries and the inspector palette, shared by
 * the WASM binding and the reference.
 */

/** Class codes written by {@link Kernels.materialMap}. */
export const MaterialClass = Object.freeze({ none: 0, organic: 1, inorganic: 2, metal: 3, highZ: 4 });
export type MaterialClassCode = (typeof MaterialClass)[keyof typeof MaterialClass];

/**
 * A ratio boundary c0 + c1 / A + c2·A over the high-energy attenuation A = −ln T_high. The 1/A term
 * models fixed layers every ray crosses (a material of ratio r behind walls of attenuation a_w and
 * ratio r_w reads r + a_w (r_w − r) / A); the linear term a scanner's beam-hardening drift.
 * Meaningful for A at or above the dualRatio threshold (0.1 or more).
 */
export type BoundaryCurve = readonly [c0: number, c1: number, c2: number];

/** The three boundaries between the four classes; a pixel is the first class whose boundary R reaches. */
export interface MaterialCurves {
  /** R at or above: organic. */
  readonly organicInorganic: BoundaryCurve;
  /** R at or above (and below the organic curve): inorganic. */
  readonly inorganicMetal: BoundaryCurve;
  /** R at or above (and below the inorganic curve): metal; below it: high-Z. */
  readonly metalHighZ: BoundaryCurve;
}

/** Attenuation of the two 1.6 mm corrugated steel side walls at 6 MeV: 0.0305 · 7.85 · 0.32. */
const WALLS_A_HIGH = 0.0305 * 7.85 * 0.32;
/** 4/6 MeV ratios from the domain table: organic, aluminium, steel, lead. */
const R_ORGANIC = 0.034 / 0.0277;
const R_ALUMINIUM = 0.031 / 0.0259;
const R_STEEL = 0.0332 / 0.0305;
const R_LEAD = 0.042 / 0.0439;

/** Midway between two materials' ratios, both seen through the container's steel walls. */
function midwayBehindWalls(r1: number, r2: number): BoundaryCurve {
  const mid = (r1 + r2) / 2;
  return [mid, WALLS_A_HIGH * (R_STEEL - mid), 0];
}

/**
 * Boundaries midway between the domain's materials (organic 1.227, aluminium 1.197, steel 1.089,
 * lead 0.957) as seen through two steel side walls, which pull thin cargo towards steel. The drift
 * term is 0: the monoenergetic model has none; a real scanner's calibration sets it.
 */
export const DEFAULT_MATERIAL_CURVES: MaterialCurves = Object.freeze({
  organicInorganic: midwayBehindWalls(R_ORGANIC, R_ALUMINIUM),
  inorganicMetal: midwayBehindWalls(R_ALUMINIUM, R_STEEL),
  metalHighZ: midwayBehindWalls(R_STEEL, R_LEAD),
});

/** RGB per class: none (gray), organic orange, inorganic green, metal blue, high-Z violet. */
export const MATERIAL_PALETTE: ReadonlyArray<readonly [number, number, number]> = Object.freeze([
  [255, 255, 255],
  [255, 150, 40],
  [70, 200, 70],
  [60, 130, 255],
  [170, 60, 210],
]);

/**
 * The palette as the WASM kernel reads it: 16 R, then 16 G, then 16 B bytes (classes 0..15);
 * codes without a material are drawn like class 0.
 */
export function packedPalette(): Uint8Array {
  const packed = new Uint8Array(48);
  for (let cls = 0; cls < 16; cls++) {
    const [r, g, b] = MATERIAL_PALETTE[cls] ?? MATERIAL_PALETTE[0];
    packed[cls] = r;
    packed[16 + cls] = g;
    packed[32 + cls] = b;
  }
  return packed;
}

/** Flattens curves to the nine f32 the WASM kernel reads. */
export function packedCurves(curves: MaterialCurves): Float32Array {
  return Float32Array.from([...curves.organicInorganic, ...curves.inorganicMetal, ...curves.metalHighZ]);
}
