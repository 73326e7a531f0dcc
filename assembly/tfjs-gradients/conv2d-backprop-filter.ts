// Conv2DBackpropFilter, NHWC, dilation 1: the filter gradient of a 2-D convolution,
//   dW[wr, wc, ci, co] = Σ_b Σ_yr Σ_yc x[b, yr·sh + wr − top, yc·sw + wc − left, ci] · dy[b, yr, yc, co]
// (the same sum as tfjs-backend-cpu's kernel, which the tests compare against).
// The accumulators live in registers while a band of output rows streams past, and are flushed
// into dW once per band. A band holds about L1_BAND_BYTES of dy, so the x and dy rows that every
// (tap, channel block) pass re-reads stay in the L1 cache instead of coming from L2 each time.
// SIMD runs along the contiguous channel axis: output channels when there are at least 4 of them
// (x is splatted), otherwise input channels (dy is splatted; typical for a 1-channel decoder head).
import { firstOutput, endOutput } from './conv-range';

// @ts-ignore: decorator
@inline const L1_BAND_BYTES = 12 * 1024;

/**
 * Writes dW (filterH × filterW × inC × outC, f32) at `outPtr` from x (batch × inH × inW × inC) at
 * `xPtr` and dy (batch × outH × outW × outC) at `dyPtr`. All pointers 4-byte aligned.
 */
export function conv2dBackpropFilter(
  xPtr: usize, dyPtr: usize, outPtr: usize,
  batch: i32, inH: i32, inW: i32, inC: i32,
  outH: i32, outW: i32, outC: i32,
  filterH: i32, filterW: i32, strideH: i32, strideW: i32, padTop: i32, padLeft: i32,
): void {
  memory.fill(outPtr, 0, <usize>(filterH * filterW * inC * outC) << 2);
  const xImage = <usize>(inH * inW * inC) << 2;
  const dyImage = <usize>(outH * outW * outC) << 2;
  const bandRows = max(1, L1_BAND_BYTES / max(1, outW * outC * 4));
  for (let b = 0; b < batch; b++) {
    const xb = xPtr + <usize>b * xImage;
    const dyb = dyPtr + <usize>b * dyImage;
    for (let band = 0; band < outH; band += bandRows) {
      const bandEnd = min(outH, band + bandRows);
      for (let wr = 0; wr < filterH; wr++) {
        const yr0 = max(band, firstOutput(wr, padTop, strideH));
        const yr1 = min(bandEnd, endOutput(wr, padTop, strideH, inH, outH));
        for (let wc = 0; wc < filterW; wc++) {
          const yc0 = firstOutput(wc, padLeft, strideW);
          const yc1 = endOutput(wc, padLeft, strideW, inW, outW);
          if (yr0 >= yr1 || yc0 >= yc1) continue;
          const tap = outPtr + (<usize>((wr * filterW + wc) * inC * outC) << 2);
          // x at output position (yr0, yc0) for this tap, channel 0.
          const x0 = xb + (<usize>(((yr0 * strideH + wr - padTop) * inW + yc0 * strideW + wc - padLeft) * inC) << 2);
          const dy0 = dyb + (<usize>((yr0 * outW + yc0) * outC) << 2);
          const rows = yr1 - yr0;
          const cols = yc1 - yc0;
          const xRowStep = <usize>(strideH * inW * inC) << 2;
          const xColStep = <usize>(strideW * inC) << 2;
          const dyRowStep = <usize>(outW * outC) << 2;
          const dyColStep = <usize>outC << 2;
          if (ASC_FEATURE_SIMD && outC >= 4) {
            alongOutChannels(x0, dy0, tap, inC, outC, rows, cols, xRowStep, xColStep, dyRowStep, dyColStep);
          } else if (ASC_FEATURE_SIMD && inC >= 4) {
            alongInChannels(x0, dy0, tap, inC, outC, rows, cols, xRowStep, xColStep, dyRowStep, dyColStep);
          } else {
            scalarTap(x0, dy0, tap, inC, outC, 0, 0, rows, cols, xRowStep, xColStep, dyRowStep, dyColStep);
          }
        }
      }
    }
  }
}

/** dW[tap, ci, co..co+16) += Σ x[ci] · dy[co..co+16), four vectors per splat of x. */
function alongOutChannels(
  x0: usize, dy0: usize, tap: usize, inC: i32, outC: i32, rows: i32, cols: i32,
  xRowStep: usize, xColStep: usize, dyRowStep: usize, dyColStep: usize,
): void {
  for (let ci = 0; ci < inC; ci++) {
    const xc = x0 + (<usize>ci << 2);
    const w = tap + (<usize>(ci * outC) << 2);
    let co = 0;
    for (; co + 16 <= outC; co += 16) {
      const o = w + (<usize>co << 2);
      let a0 = v128.load(o), a1 = v128.load(o, 16), a2 = v128.load(o, 32), a3 = v128.load(o, 48);
      let xr = xc, dr = dy0 + (<usize>co << 2);
      for (let r = 0; r < rows; r++, xr += xRowStep, dr += dyRowStep) {
        let xp = xr, dp = dr;
        for (let c = 0; c < cols; c++, xp += xColStep, dp += dyColStep) {
          const xv = f32x4.splat(load<f32>(xp));
          a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(dp)));
          a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(dp, 16)));
          a2 = f32x4.add(a2, f32x4.mul(xv, v128.load(dp, 32)));
          a3 = f32x4.add(a3, f32x4.mul(xv, v128.load(dp, 48)));
        }
      }
      v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
    }
    for (; co + 4 <= outC; co += 4) {
      const o = w + (<usize>co << 2);
      let a0 = v128.load(o);
      let xr = xc, dr = dy0 + (<usize>co << 2);
      for (let r = 0; r < rows; r++, xr += xRowStep, dr += dyRowStep) {
        let xp = xr, dp = dr;
        for (let c = 0; c < cols; c++, xp += xColStep, dp += dyColStep) {
          a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(xp)), v128.load(dp)));
        }
      }
      v128.store(o, a0);
    }
    if (co < outC) {
      scalarTap(x0, dy0, tap, inC, outC, ci, co, rows, cols, xRowStep, xColStep, dyRowStep, dyColStep, ci + 1);
    }
  }
}

/** dW[tap, ci..ci+4, co] += Σ x[ci..ci+4) · dy[co]; lanes are scattered to the strided dW column. */
function alongInChannels(
  x0: usize, dy0: usize, tap: usize, inC: i32, outC: i32, rows: i32, cols: i32,
  xRowStep: usize, xColStep: usize, dyRowStep: usize, dyColStep: usize,
): void {
  for (let co = 0; co < outC; co++) {
    const dc = dy0 + (<usize>co << 2);
    let ci = 0;
    for (; ci + 8 <= inC; ci += 8) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
      let xr = x0 + (<usize>ci << 2), dr = dc;
      for (let r = 0; r < rows; r++, xr += xRowStep, dr += dyRowStep) {
        let xp = xr, dp = dr;
        for (let c = 0; c < cols; c++, xp += xColStep, dp += dyColStep) {
          const dv = f32x4.splat(load<f32>(dp));
          a0 = f32x4.add(a0, f32x4.mul(v128.load(xp), dv));
          a1 = f32x4.add(a1, f32x4.mul(v128.load(xp, 16), dv));
        }
      }
      addLanes(tap, ci, co, outC, a0);
      addLanes(tap, ci + 4, co, outC, a1);
    }
    for (; ci + 4 <= inC; ci += 4) {
      let a0 = f32x4.splat(0);
      let xr = x0 + (<usize>ci << 2), dr = dc;
      for (let r = 0; r < rows; r++, xr += xRowStep, dr += dyRowStep) {
        let xp = xr, dp = dr;
        for (let c = 0; c < cols; c++, xp += xColStep, dp += dyColStep) {
          a0 = f32x4.add(a0, f32x4.mul(v128.load(xp), f32x4.splat(load<f32>(dp))));
        }
      }
      addLanes(tap, ci, co, outC, a0);
    }
    if (ci < inC) {
      scalarTap(x0, dy0, tap, inC, outC, ci, co, rows, cols, xRowStep, xColStep, dyRowStep, dyColStep, inC, co + 1);
    }
  }
}

// @ts-ignore: decorator
@inline
function addLanes(tap: usize, ci: i32, co: i32, outC: i32, v: v128): void {
  const p = tap + (<usize>(ci * outC + co) << 2);
  const step = <usize>outC << 2;
  store<f32>(p, load<f32>(p) + f32x4.extract_lane(v, 0));
  store<f32>(p + step, load<f32>(p + step) + f32x4.extract_lane(v, 1));
  store<f32>(p + 2 * step, load<f32>(p + 2 * step) + f32x4.extract_lane(v, 2));
  store<f32>(p + 3 * step, load<f32>(p + 3 * step) + f32x4.extract_lane(v, 3));
}

/** Scalar path for the channel block [ciFrom, ciTo) × [coFrom, coTo): tails and tiny layers. */
function scalarTap(
  x0: usize, dy0: usize, tap: usize, inC: i32, outC: i32, ciFrom: i32, coFrom: i32,
  rows: i32, cols: i32, xRowStep: usize, xColStep: usize, dyRowStep: usize, dyColStep: usize,
  ciTo: i32 = inC, coTo: i32 = outC,
): void {
  for (let ci = ciFrom; ci < ciTo; ci++) {
    for (let co = coFrom; co < coTo; co++) {
      let acc: f32 = 0;
      let xr = x0 + (<usize>ci << 2), dr = dy0 + (<usize>co << 2);
      for (let r = 0; r < rows; r++, xr += xRowStep, dr += dyRowStep) {
        let xp = xr, dp = dr;
        for (let c = 0; c < cols; c++, xp += xColStep, dp += dyColStep) {
          acc += load<f32>(xp) * load<f32>(dp);
        }
      }
      const o = tap + (<usize>(ci * outC + co) << 2);
      store<f32>(o, load<f32>(o) + acc);
    }
  }
}
