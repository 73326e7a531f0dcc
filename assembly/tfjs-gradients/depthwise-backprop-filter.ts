// DepthwiseConv2dNativeBackpropFilter, NHWC, dilation 1. Output channel k = ci·mult + m reads input
// channel ci, so
//   dW[wr, wc, ci, m] = Σ_b Σ_yr Σ_yc x[b, yr·sh + wr − top, yc·sw + wc − left, ci] · dy[b, yr, yc, ci·mult + m]
// (tfjs-backend-cpu's DepthwiseConv2dNativeBackpropFilter computes the same sum).
// With multiplier 1 (the usual case, and the one separable convolutions use) x and dy line up
// channel for channel, so SIMD multiplies them lane by lane; with a multiplier of 4 or more x is
// splatted across the multiplier axis; smaller multipliers take the scalar path.
import { firstOutput, endOutput } from './conv-range';

/**
 * Writes dW (filterH × filterW × inC × mult, f32) at `outPtr` from x (batch × inH × inW × inC) at
 * `xPtr` and dy (batch × outH × outW × inC·mult) at `dyPtr`.
 */
export function depthwiseBackpropFilter(
  xPtr: usize, dyPtr: usize, outPtr: usize,
  batch: i32, inH: i32, inW: i32, inC: i32,
  outH: i32, outW: i32, mult: i32,
  filterH: i32, filterW: i32, strideH: i32, strideW: i32, padTop: i32, padLeft: i32,
): void {
  const outC = inC * mult;
  memory.fill(outPtr, 0, <usize>(filterH * filterW * outC) << 2);
  const xImage = <usize>(inH * inW * inC) << 2;
  const dyImage = <usize>(outH * outW * outC) << 2;
  const xRowStep = <usize>(strideH * inW * inC) << 2;
  const xColStep = <usize>(strideW * inC) << 2;
  const dyRowStep = <usize>(outW * outC) << 2;
  const dyColStep = <usize>outC << 2;
  for (let b = 0; b < batch; b++) {
    const xb = xPtr + <usize>b * xImage;
    const dyb = dyPtr + <usize>b * dyImage;
    for (let wr = 0; wr < filterH; wr++) {
      const yr0 = firstOutput(wr, padTop, strideH);
      const yr1 = endOutput(wr, padTop, strideH, inH, outH);
      for (let wc = 0; wc < filterW; wc++) {
        const yc0 = firstOutput(wc, padLeft, strideW);
        const yc1 = endOutput(wc, padLeft, strideW, inW, outW);
        if (yr0 >= yr1 || yc0 >= yc1) continue;
        const tap = outPtr + (<usize>((wr * filterW + wc) * outC) << 2);
        const x0 = xb + (<usize>(((yr0 * strideH + wr - padTop) * inW + yc0 * strideW + wc - padLeft) * inC) << 2);
        const dy0 = dyb + (<usize>((yr0 * outW + yc0) * outC) << 2);
        const rows = yr1 - yr0;
        const cols = yc1 - yc0;
        let ci = 0;
        if (ASC_FEATURE_SIMD && mult == 1) {
          // Lanes are 4 consecutive channels: x and dy line up channel for channel.
          for (; ci + 4 <= inC; ci += 4) {
            const o = tap + (<usize>ci << 2);
            let acc = v128.load(o);
            let xr = x0 + (<usize>ci << 2), dr = dy0 + (<usize>ci << 2);
            for (let r = 0; r < rows; r++, xr += xRowStep, dr += dyRowStep) {
              let xp = xr, dp = dr;
              for (let c = 0; c < cols; c++, xp += xColStep, dp += dyColStep) {
                acc = f32x4.add(acc, f32x4.mul(v128.load(xp), v128.load(dp)));
              }
            }
            v128.store(o, acc);
          }
        }
        for (; ci < inC; ci++) {
          const xc = x0 + (<usize>ci << 2);
          let m = 0;
          if (ASC_FEATURE_SIMD) {
            for (; m + 4 <= mult; m += 4) {
              const k = ci * mult + m;
              const o = tap + (<usize>k << 2);
              let acc = v128.load(o);
              let xr = xc, dr = dy0 + (<usize>k << 2);
              for (let r = 0; r < rows; r++, xr += xRowStep, dr += dyRowStep) {
                let xp = xr, dp = dr;
                for (let c = 0; c < cols; c++, xp += xColStep, dp += dyColStep) {
                  acc = f32x4.add(acc, f32x4.mul(f32x4.splat(load<f32>(xp)), v128.load(dp)));
                }
              }
              v128.store(o, acc);
            }
          }
          for (; m < mult; m++) {
            const k = ci * mult + m;
            let acc: f32 = 0;
            let xr = xc, dr = dy0 + (<usize>k << 2);
            for (let r = 0; r < rows; r++, xr += xRowStep, dr += dyRowStep) {
              let xp = xr, dp = dr;
              for (let c = 0; c < cols; c++, xp += xColStep, dp += dyColStep) {
                acc += load<f32>(xp) * load<f32>(dp);
              }
            }
            const o = tap + (<usize>k << 2);
            store<f32>(o, load<f32>(o) + acc);
          }
        }
      }
    }
  }
}
