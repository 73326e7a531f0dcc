// DepthwiseConv2dNativeBackpropInput, NHWC, dilation 1: the input gradient of a depthwise
// convolution, gathered per input pixel so each dx value is written once:
//   dx[b, xr, xc, ci] = Σ_{wr, wc : yr = (xr + top − wr) / sh, yc = (xc + left − wc) / sw integral, in range}
//                       Σ_m dy[b, yr, yc, ci·mult + m] · W[wr, wc, ci, m]
// (tfjs-backend-cpu's DepthwiseConv2dNativeBackpropInput computes the same sum).
// With multiplier 1 SIMD runs over 4 channels at once; otherwise over the multiplier axis with a
// horizontal sum at the end.

/**
 * Writes dx (batch × inH × inW × inC, f32) at `outPtr` from dy (batch × outH × outW × inC·mult) at
 * `dyPtr` and the filter (filterH × filterW × inC × mult) at `wPtr`.
 */
export function depthwiseBackpropInput(
  dyPtr: usize, wPtr: usize, outPtr: usize,
  batch: i32, inH: i32, inW: i32, inC: i32,
  outH: i32, outW: i32, mult: i32,
  filterH: i32, filterW: i32, strideH: i32, strideW: i32, padTop: i32, padLeft: i32,
): void {
  const outC = inC * mult;
  for (let b = 0; b < batch; b++) {
    for (let xr = 0; xr < inH; xr++) {
      for (let xc = 0; xc < inW; xc++) {
        const dx = outPtr + (<usize>(((b * inH + xr) * inW + xc) * inC) << 2);
        let ci = 0;
        if (ASC_FEATURE_SIMD && mult == 1) {
          for (; ci + 4 <= inC; ci += 4) {
            let acc = f32x4.splat(0);
            for (let wr = 0; wr < filterH; wr++) {
              const t = xr + padTop - wr;
              if (t < 0 || t % strideH != 0) continue;
              const yr = t / strideH;
              if (yr >= outH) continue;
              for (let wc = 0; wc < filterW; wc++) {
                const u = xc + padLeft - wc;
                if (u < 0 || u % strideW != 0) continue;
                const yc = u / strideW;
                if (yc >= outW) continue;
                const dp = dyPtr + (<usize>(((b * outH + yr) * outW + yc) * outC + ci) << 2);
                const wp = wPtr + (<usize>((wr * filterW + wc) * outC + ci) << 2);
                acc = f32x4.add(acc, f32x4.mul(v128.load(dp), v128.load(wp)));
              }
            }
            v128.store(dx + (<usize>ci << 2), acc);
          }
        }
        for (; ci < inC; ci++) {
          let acc: f32 = 0;
          for (let wr = 0; wr < filterH; wr++) {
            const t = xr + padTop - wr;
            if (t < 0 || t % strideH != 0) continue;
            const yr = t / strideH;
            if (yr >= outH) continue;
            for (let wc = 0; wc < filterW; wc++) {
              const u = xc + padLeft - wc;
              if (u < 0 || u % strideW != 0) continue;
              const yc = u / strideW;
              if (yc >= outW) continue;
              const dp = dyPtr + (<usize>(((b * outH + yr) * outW + yc) * outC + ci * mult) << 2);
              const wp = wPtr + (<usize>((wr * filterW + wc) * outC + ci * mult) << 2);
              acc += dotMultiplier(dp, wp, mult);
            }
          }
          store<f32>(dx + (<usize>ci << 2), acc);
        }
      }
    }
  }
}

/** Σ_m dy[m] · W[m] over one channel's `mult` contiguous outputs. */
// @ts-ignore: decorator
@inline
function dotMultiplier(dp: usize, wp: usize, mult: i32): f32 {
  let m = 0;
  let sum: f32 = 0;
  if (ASC_FEATURE_SIMD && mult >= 4) {
    let acc = f32x4.splat(0);
    for (; m + 4 <= mult; m += 4) {
      const off = <usize>m << 2;
      acc = f32x4.add(acc, f32x4.mul(v128.load(dp + off), v128.load(wp + off)));
    }
    sum = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)
      + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  }
  for (; m < mult; m++) {
    const off = <usize>m << 2;
    sum += load<f32>(dp + off) * load<f32>(wp + off);
  }
  return sum;
}
