// Area (box) downsampling by an integer factor: each output pixel is the mean of the factor x factor
// block it covers; right and bottom edge blocks average only the pixels that exist, as OpenCV's
// INTER_AREA does for integer scales.

/**
 * Sums the rows of one block row into `rowPtr` (width f32), then sums each factor-wide run of it.
 * Rows are added with full-width SIMD passes, which is where almost all the work is.
 * @param rowPtr scratch of `width` f32 values, 16-byte aligned
 */
export function downsampleArea(
  srcPtr: usize, width: i32, height: i32, factor: i32, outPtr: usize, rowPtr: usize,
): void {
  const outW = (width + factor - 1) / factor;
  const outH = (height + factor - 1) / factor;
  const rowBytes = <usize>width << 2;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = oy * factor;
    const y1 = min(y0 + factor, height);
    memory.copy(rowPtr, srcPtr + <usize>y0 * rowBytes, rowBytes);
    for (let y = y0 + 1; y < y1; y++) addRow(rowPtr, srcPtr + <usize>y * rowBytes, width);
    reduceBlockRow(rowPtr, width, factor, <f32>(y1 - y0), outPtr + (<usize>oy * <usize>outW << 2));
  }
}

/**
 * Reduces one summed block row (`width` f32 at `rowPtr`, each the sum of `rowsIn` input rows) to
 * ⌈width / factor⌉ block means at `outRow`. Shared with the fused calibrate-downsample kernel so both
 * paths round identically.
 */
export function reduceBlockRow(rowPtr: usize, width: i32, factor: i32, rowsIn: f32, outRow: usize): void {
  if (ASC_FEATURE_SIMD) {
    if (factor == 2) {
      sumPairs(rowPtr, width, <f32>1 / (rowsIn * 2), outRow);
      return;
    }
  }
  const outW = (width + factor - 1) / factor;
  const invFull = <f32>1 / (rowsIn * <f32>factor);
  for (let ox = 0; ox < outW; ox++) {
    const x0 = ox * factor;
    const x1 = min(x0 + factor, width);
    let s: f32 = 0;
    for (let x = x0; x < x1; x++) s += load<f32>(rowPtr + (<usize>x << 2));
    const inv = x1 - x0 == factor ? invFull : <f32>1 / (rowsIn * <f32>(x1 - x0));
    store<f32>(outRow + (<usize>ox << 2), s * inv);
  }
}

// @ts-ignore: decorator
@inline function addRow(accPtr: usize, rowPtr: usize, width: i32): void {
  let x = 0;
  if (ASC_FEATURE_SIMD) {
    for (; x + 4 <= width; x += 4) {
      const o = <usize>x << 2;
      v128.store(accPtr + o, f32x4.add(v128.load(accPtr + o), v128.load(rowPtr + o)));
    }
  }
  for (; x < width; x++) {
    const o = <usize>x << 2;
    store<f32>(accPtr + o, load<f32>(accPtr + o) + load<f32>(rowPtr + o));
  }
}

/** Factor 2: de-interleave even and odd columns with shuffles and add them, four outputs a step. */
// @ts-ignore: decorator
@inline function sumPairs(rowPtr: usize, width: i32, inv: f32, outRow: usize): void {
  const vInv = f32x4.splat(inv);
  let ox = 0;
  const fullPairs = width >> 1;
  for (; ox + 4 <= fullPairs; ox += 4) {
    const a = v128.load(rowPtr + (<usize>ox << 3));
    const b = v128.load(rowPtr + (<usize>ox << 3), 16);
    const even = v128.shuffle<f32>(a, b, 0, 2, 4, 6);
    const odd = v128.shuffle<f32>(a, b, 1, 3, 5, 7);
    v128.store(outRow + (<usize>ox << 2), f32x4.mul(f32x4.add(even, odd), vInv));
  }
  for (; ox < fullPairs; ox++) {
    const p = rowPtr + (<usize>ox << 3);
    store<f32>(outRow + (<usize>ox << 2), (load<f32>(p) + load<f32>(p, 4)) * inv);
  }
  if (width & 1) {
    // The last column stands alone: its block holds half as many pixels.
    store<f32>(outRow + (<usize>fullPairs << 2), load<f32>(rowPtr + (<usize>(width - 1) << 2)) * inv * 2);
  }
}
