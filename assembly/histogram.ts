// Histogram of an f32 plane over [min, max] and its NaN-skipping range, the two halves of
// percentile windowing (kernels/ turns the histogram into window bounds).

/**
 * Counts `n` values into `bins` equal bins over [min, max]; values outside land in the end bins and
 * NaN is not counted. Four interleaved sub-histograms break the store-to-load dependency between
 * neighbouring pixels of similar value; they are summed into `outPtr` (u32 × bins) at the end.
 * @param scratchPtr 4 × (bins + 1) u32; the extra bin of each takes the NaNs
 */
export function histogram(srcPtr: usize, n: i32, bins: i32, min: f64, max: f64, outPtr: usize, scratchPtr: usize): void {
  const scale = <f32>(<f64>bins / (max - min));
  const minF = <f32>min;
  const last = <f32>(bins - 1);
  const subBytes = <usize>(bins + 1) << 2;
  memory.fill(scratchPtr, 0, subBytes * 4);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vMin = f32x4.splat(minF);
    const vScale = f32x4.splat(scale);
    const vZero = f32x4.splat(0);
    const vLast = f32x4.splat(last);
    const vNaNBin = i32x4.splat(bins);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(srcPtr + (<usize>i << 2));
      const t = f32x4.pmin(vLast, f32x4.pmax(vZero, f32x4.mul(f32x4.sub(v, vMin), vScale)));
      // NaN lanes go to the extra bin; ordered-equal is false only for NaN.
      const bin = v128.bitselect(i32x4.trunc_sat_f32x4_s(t), vNaNBin, f32x4.eq(v, v));
      bump(scratchPtr, i32x4.extract_lane(bin, 0));
      bump(scratchPtr + subBytes, i32x4.extract_lane(bin, 1));
      bump(scratchPtr + 2 * subBytes, i32x4.extract_lane(bin, 2));
      bump(scratchPtr + 3 * subBytes, i32x4.extract_lane(bin, 3));
    }
  }
  for (; i < n; i++) {
    const v = load<f32>(srcPtr + (<usize>i << 2));
    let bin = bins;
    if (v == v) {
      let t = (v - minF) * scale;
      t = t > 0 ? t : <f32>0;
      t = t < last ? t : last;
      bin = <i32>t;
    }
    bump(scratchPtr + <usize>(i & 3) * subBytes, bin);
  }
  for (let b = 0; b < bins; b++) {
    const o = <usize>b << 2;
    store<u32>(outPtr + o,
      load<u32>(scratchPtr + o) + load<u32>(scratchPtr + subBytes + o) +
      load<u32>(scratchPtr + 2 * subBytes + o) + load<u32>(scratchPtr + 3 * subBytes + o));
  }
}

// @ts-ignore: decorator
@inline function bump(base: usize, bin: i32): void {
  const p = base + (<usize>bin << 2);
  store<u32>(p, load<u32>(p) + 1);
}

/**
 * Smallest and largest non-NaN values of `n` f32, written as two f32 at `outPtr` (+Inf, −Inf when
 * every value is NaN). pmin/pmax keep the accumulator when the new lane is NaN.
 */
export function minMax(srcPtr: usize, n: i32, outPtr: usize): void {
  let lo = Infinity as f32;
  let hi = -Infinity as f32;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let vLo = f32x4.splat(lo);
    let vHi = f32x4.splat(hi);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(srcPtr + (<usize>i << 2));
      vLo = f32x4.pmin(vLo, v);
      vHi = f32x4.pmax(vHi, v);
    }
    lo = min(min(f32x4.extract_lane(vLo, 0), f32x4.extract_lane(vLo, 1)), min(f32x4.extract_lane(vLo, 2), f32x4.extract_lane(vLo, 3)));
    hi = max(max(f32x4.extract_lane(vHi, 0), f32x4.extract_lane(vHi, 1)), max(f32x4.extract_lane(vHi, 2), f32x4.extract_lane(vHi, 3)));
  }
  for (; i < n; i++) {
    const v = load<f32>(srcPtr + (<usize>i << 2));
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  store<f32>(outPtr, lo);
  store<f32>(outPtr, hi, 4);
}
