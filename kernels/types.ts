import type { MaterialCurves } from './material.js';
import type { Window } from './percentile.js';
import type { KernelSession } from './wasm-session.js';

export type { MaterialCurves, Window };

/** A row-major single-channel f32 image. */
export interface Plane {
  data: Float32Array;
  width: number;
  height: number;
}

/** Which implementation backs a {@link Kernels} object. */
export type KernelVariant = 'simd' | 'scalar' | 'reference';

/** The WebAssembly builds; `reference` is plain TypeScript. */
export type WasmVariant = Exclude<KernelVariant, 'reference'>;

/** Result of {@link Kernels.extractTiles}. */
export interface Tiles {
  data: Float32Array;
  cols: number;
  rows: number;
}

/** The raw detector images of one scan (domain.md: one u16 image per energy, pixel-aligned). */
export interface RawScan {
  width: number;
  height: number;
  high: Uint16Array;
  /** The low-energy image of a dual-energy scan; absent, undefined or null for single energy. */
  low?: Uint16Array | null;
}

/** Options of {@link Kernels.preprocessForModel}. */
export interface PreprocessOptions {
  /** Raw value of air (the scan manifest's `airValue`). */
  air: number;
  /** Raw value of a fully blocked ray (the manifest's `darkValue`). */
  dark: number;
  /** Image pixels per model pixel, 1..8192 (models/inference/model-input.ts `downsampleFactor`). */
  factor: number;
  /** `minAttenuation` of the dual ratio at model resolution (the model's `ratioMinAttenuation`). */
  ratioMinAttenuation: number;
  /** Interpolate dead detector rows of each energy first, as `repairDeadRows` (default false). */
  repairDeadRows?: boolean;
}

/** A raw image with its dead detector rows interpolated, and which rows those were. */
export interface DeadRowRepair {
  data: Uint16Array;
  rows: number[];
}

/** Model-resolution planes of one scan: attenuation per energy and, for dual energy, their ratio. */
export interface ModelPlanes {
  high: Plane;
  low?: Plane;
  ratio?: Plane;
}

/** Options of {@link Kernels.clahe}; defaults follow OpenCV's 8 × 8 grid with a gentle clip. */
export interface ClaheOptions {
  /** Tile columns, 1..64 and at most the width (default 8, or the width when narrower). */
  tilesX?: number;
  /** Tile rows, 1..64 and at most the height (default 8, or the height when shorter). */
  tilesY?: number;
  /** Histogram clip as a multiple of the mean bin count, 1..256 (default 2). */
  clipLimit?: number;
}

/**
 * The preprocessing kernels (docs/architecture.md, "Contract: kernels"). Every implementation
 * (WASM-SIMD, WASM-scalar, TypeScript reference) has the same semantics and validates its arguments,
 * throwing `KernelArgumentError` before any work is done.
 */
export interface Kernels {
  readonly variant: KernelVariant;
  /**
   * Detector correction on a raw image: rows whose mean is below 5 % of the median mean of the 3
   * rows on each side (a dead detector element reads dark all scan long) are replaced by linear
   * interpolation of the nearest healthy rows above and below (copied at the image edges).
   * Returns the repaired copy and the repaired rows, ascending.
   */
  repairDeadRows(raw: Uint16Array, width: number, height: number): DeadRowRepair;
  /** A = −ln(max(v − dark, 1) / (air − dark)), clamped to [0, ln(air − dark)]. */
  calibrate(raw: Uint16Array, air: number, dark: number, out?: Float32Array): Float32Array;
  /** Mean over factor×factor blocks; output size ceil(w/f) × ceil(h/f); edge blocks average what exists.
   *  Any factor in [1, 8192]: a fractional one weights input pixels by their overlap (INTER_AREA). */
  downsampleArea(src: Float32Array, width: number, height: number, factor: number): Plane;
  /** Dual-energy ratio A_low / A_high where A_high ≥ minAttenuation, else 0. */
  dualRatio(high: Float32Array, low: Float32Array, minAttenuation: number, out?: Float32Array): Float32Array;
  /**
   * The model's input in one call, as calibrate → downsampleArea for each energy, then dualRatio of
   * the two downsampled planes. Returns only the model-resolution planes: the WASM build fuses
   * calibration into the downsampling (the full-resolution attenuation is never written) and copies
   * out only the small planes. Equal to the three-kernel chain bit for bit in WASM, and to the
   * reference chain within the kernels' tolerances.
   */
  preprocessForModel(scan: RawScan, options: PreprocessOptions): ModelPlanes;
  /** Non-overlapping tile × tile patches (zero-padded at the right/bottom edge), tile-major:
   *  out[(ty*cols + tx) * tile*tile + py*tile + px]. */
  extractTiles(src: Float32Array, width: number, height: number, tile: number): Tiles;
  /** Linear window/level to 8-bit gray: 0 at `low`, 255 at `high` (inverted when low > high). */
  windowTo8bit(src: Float32Array, low: number, high: number, out?: Uint8Array): Uint8Array;
  /** Blend a [0,1] heatmap (same size) in a red-yellow ramp over 8-bit gray into RGBA. */
  heatmapOverlay(gray: Uint8Array, heat: Float32Array, alpha: number, out?: Uint8Array): Uint8Array;

  /** 4-class material map from A_high and the dual ratio: 0 none (ratio 0 or A ≤ 0), 1 organic,
   *  2 inorganic, 3 metal, 4 high-Z; boundaries are curves over A_high (default DEFAULT_MATERIAL_CURVES). */
  materialMap(high: Float32Array, ratio: Float32Array, curves?: MaterialCurves, out?: Uint8Array): Uint8Array;
  /** RGBA pseudo-colour: MATERIAL_PALETTE[class] · gray / 255, rounded; class 0 stays gray. */
  materialColor(classes: Uint8Array, gray: Uint8Array, out?: Uint8Array): Uint8Array;
  /** Separable Gaussian blur, radius ⌈3σ⌉, replicated borders; sigma 0.3..32. */
  gaussianBlur(src: Float32Array, width: number, height: number, sigma: number): Plane;
  /** 3×3 median with replicated borders. */
  median3x3(src: Float32Array, width: number, height: number): Plane;
  /** Sobel gradient magnitude sqrt(gx² + gy²), replicated borders. */
  sobelMagnitude(src: Float32Array, width: number, height: number): Plane;
  /** Counts into `bins` equal bins over [min, max]; outside values go to the end bins, NaN is skipped. */
  histogram(src: Float32Array, bins: number, min: number, max: number): Uint32Array;
  /** Window bounds at two percentiles of the non-NaN values (exact to range / 4096), for windowTo8bit. */
  percentileWindow(src: Float32Array, lowPercent: number, highPercent: number): Window;
  /** Contrast-limited adaptive histogram equalisation of 8-bit gray. */
  clahe(src: Uint8Array, width: number, height: number, options?: ClaheOptions): Uint8Array;
}

/**
 * A WebAssembly {@link Kernels} instance (what `loadKernels` returns), with sessions for chaining
 * kernels on planes resident in its linear memory.
 */
export interface WasmKernels extends Kernels {
  readonly variant: WasmVariant;
  /**
   * Opens a session: upload once, chain kernels on handles, download once, close in a `finally`.
   * Sessions nest and close in reverse order.
   * @example
   * const s = kernels.session();
   * try {
   *   const high = s.calibrateDownsample(s.fromU16(raw, w, h), 60000, 0, 4);
   *   const gray = s.windowTo8bit(high, 5, 0).toArray();
   * } finally {
   *   s.close();
   * }
   */
  session(): KernelSession;
}
