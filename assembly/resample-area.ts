// Area resampling by a fractional factor f ≥ 1: output pixel (ox, oy) is the mean of the input
// over the square [ox·f, (ox+1)·f) × [oy·f, (oy+1)·f), clipped to the image, each input pixel
// weighted by the length of its overlap (OpenCV's INTER_AREA for non-integer scales). Separable:
// for each output row the input rows it covers are summed with their weights (SIMD across the full
// width), then that one row is reduced horizontally through a per-column table built once.
// Integer factors go through downsample-area.ts instead.

/**
 * @param outW output width, ⌈width / f⌉ (computed by the caller with the reference's formula)
 * @param outH output height, ⌈height / f⌉
 * @param scratchPtr width f32 (the weighted row sum, 16-byte aligned length) + outW × 20 bytes
 *   (per output column: first and last input column, their weights and the interior weight, all
 *   pre-divided by the span's length)
 */
export function resampleArea(
  srcPtr: usize, width: i32, height: i32, factor: f64, outW: i32, outH: i32, outPtr: usize, scratchPtr: usize,
): void {
  const rowPtr = scratchPtr;
  const colPtr = scratchPtr + (((<usize>width << 2) + 15) & ~(<usize>15));
  for (let ox = 0; ox < outW; ox++) {
    const start = <f64>ox * factor;
    const end = min(start + factor, <f64>width);
    const x0 = <i32>Math.floor(start);
    const x1 = <i32>Math.ceil(end) - 1;
    const inv = 1 / (end - start);
    const c = colPtr + <usize>ox * COLUMN_BYTES;
    store<i32>(c, x0);
    store<i32>(c, x1, 4);
    // When the span lies inside one pixel, both ends are that pixel and its weight is the span.
    store<f32>(c, <f32>((x0 == x1 ? end - start : <f64>(x0 + 1) - start) * inv), 8);
    store<f32>(c, <f32>((end - <f64>x1) * inv), 12);
    store<f32>(c, <f32>inv, 16);
  }
  const rowBytes = <usize>width << 2;
  for (let oy = 0; oy < outH; oy++) {
    const start = <f64>oy * factor;
    const end = min(start + factor, <f64>height);
    const y0 = <i32>Math.floor(start);
    const y1 = <i32>Math.ceil(end);
    const inv = 1 / (end - start);
    memory.fill(rowPtr, 0, rowBytes);
    for (let y = y0; y < y1; y++) {
      const w = <f32>((min(<f64>(y + 1), end) - max(<f64>y, start)) * inv);
      addScaledRow(rowPtr, srcPtr + <usize>y * rowBytes, w, width);
    }
    const dst = outPtr + (<usize>oy * <usize>outW << 2);
    for (let ox = 0; ox < outW; ox++) {
      const c = colPtr + <usize>ox * COLUMN_BYTES;
      const x0 = load<i32>(c);
      const x1 = load<i32>(c, 4);
      let sum = load<f32>(c, 8) * load<f32>(rowPtr + (<usize>x0 << 2));
      if (x1 > x0) {
        let inner: f32 = 0;
        for (let x = x0 + 1; x < x1; x++) inner += load<f32>(rowPtr + (<usize>x << 2));
        sum += inner * load<f32>(c, 16) + load<f32>(c, 12) * load<f32>(rowPtr + (<usize>x1 << 2));
      }
      store<f32>(dst + (<usize>ox << 2), sum);
    }
  }
}

// @ts-ignore: decorator
@inline const COLUMN_BYTES: usize = 20;

/** acc[i] += w · row[i], four lanes at a time. */
// @ts-ignore: decorator
@inline function addScaledRow(accPtr: usize, rowPtr: usize, w: f32, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vw = f32x4.splat(w);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(accPtr + o, f32x4.add(v128.load(accPtr + o), f32x4.mul(vw, v128.load(rowPtr + o))));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(accPtr + o, load<f32>(accPtr + o) + w * load<f32>(rowPtr + o));
  }
}
