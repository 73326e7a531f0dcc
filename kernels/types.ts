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

/**
 * The preprocessing kernels (docs/architecture.md, "Contract: kernels"). Every implementation
 * (WASM-SIMD, WASM-scalar, TypeScript reference) has the same semantics and validates its arguments,
 * throwing `KernelArgumentError` before any work is done.
 */
export interface Kernels {
  readonly variant: KernelVariant;
  /** A = −ln(max(v − dark, 1) / (air − dark)), clamped to [0, ln(air − dark)]. */
  calibrate(raw: Uint16Array, air: number, dark: number, out?: Float32Array): Float32Array;
  /** Mean over factor×factor blocks; output size ceil(w/f) × ceil(h/f); edge blocks average what exists. */
  downsampleArea(src: Float32Array, width: number, height: number, factor: number): Plane;
  /** Dual-energy ratio A_low / A_high where A_high ≥ minAttenuation, else 0. */
  dualRatio(high: Float32Array, low: Float32Array, minAttenuation: number, out?: Float32Array): Float32Array;
  /** Non-overlapping tile × tile patches (zero-padded at the right/bottom edge), tile-major:
   *  out[(ty*cols + tx) * tile*tile + py*tile + px]. */
  extractTiles(src: Float32Array, width: number, height: number, tile: number): Tiles;
  /** Linear window/level to 8-bit gray: 0 at `low`, 255 at `high` (inverted when low > high). */
  windowTo8bit(src: Float32Array, low: number, high: number, out?: Uint8Array): Uint8Array;
  /** Blend a [0,1] heatmap (same size) in a red-yellow ramp over 8-bit gray into RGBA. */
  heatmapOverlay(gray: Uint8Array, heat: Float32Array, alpha: number, out?: Uint8Array): Uint8Array;
}
