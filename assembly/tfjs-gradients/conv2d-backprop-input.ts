// Conv2DBackpropInput, NHWC, dilation 1: the input gradient of a 2-D convolution, gathered per input
// pixel so each dx value is written once:
//   dx[b, xr, xc, ci] = Σ_{wr, wc : yr = (xr + top − wr) / sh, yc = (xc + left − wc) / sw integral, in range}
//                       Σ_co dy[b, yr, yc, co] · W[wr, wc, ci, co]
// tfjs-backend-wasm 4.22 has this kernel, but as a scalar loop that took ~70% of a training step of
// the benchmark autoencoder; this one replaces it (models/wasm-gradients registers it over the stock one).
// With 4 or more input channels the filter is first transposed to [wr, wc, co, ci] in scratch memory
// after dx, so SIMD runs along contiguous input channels with dy splatted; with fewer input
// channels SIMD runs along output channels as a dot product.

/**
 * Writes dx (batch × inH × inW × inC, f32) at `outPtr` from dy (batch × outH × outW × outC) at
 * `dyPtr` and W (filterH × filterW × inC × outC) at `wPtr`. Uses scratch from the first 16-byte
 * boundary after dx: the transposed filter (filterH·filterW·inC·outC floats) when inC ≥ 4, then a
 * list of filterH·filterW (dy offset, W offset) pairs.
 */
export function conv2dBackpropInput(
  dyPtr: usize, wPtr: usize, outPtr: usize,
  batch: i32, inH: i32, inW: i32, inC: i32,
  outH: i32, outW: i32, outC: i32,
  filterH: i32, filterW: i32, strideH: i32, strideW: i32, padTop: i32, padLeft: i32,
): void {
  const alongIn = ASC_FEATURE_SIMD && inC >= 4;
  const pixelBytes = <usize>inC << 2;
  const tapBytes = <usize>(inC * outC) << 2;
  let w = wPtr;
  let taps = (outPtr + <usize>(batch * inH * inW) * pixelBytes + 15) & ~<usize>15;
  if (alongIn) {
    w = taps;
    transposeFilter(wPtr, w, filterH * filterW, inC, outC);
    taps = w + <usize>(filterH * filterW) * tapBytes;
  }
  for (let b = 0; b < batch; b++) {
    for (let xr = 0; xr < inH; xr++) {
      for (let xc = 0; xc < inW; xc++) {
        // The taps that read this pixel, as (dy pixel, filter tap) byte offsets: listed once, then
        // reused by every channel block so the accumulators stay in registers across taps.
        let n = 0;
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
            const entry = taps + (<usize>n << 3);
            store<u32>(entry, <u32>(dyPtr + (<usize>(((b * outH + yr) * outW + yc) * outC) << 2)));
            store<u32>(entry, <u32>(w + <usize>(wr * filterW + wc) * tapBytes), 4);
            n++;
          }
        }
        const dx = outPtr + <usize>((b * inH + xr) * inW + xc) * pixelBytes;
        if (alongIn) {
          gatherAlongIn(dx, taps, n, inC, outC);
        } else {
          gatherAlongOut(dx, taps, n, inC, outC);
        }
      }
    }
  }
}

/** dst[t][co][ci] = src[t][ci][co] for each of `taps` filter taps. */
function transposeFilter(src: usize, dst: usize, taps: i32, inC: i32, outC: i32): void {
  for (let t = 0; t < taps; t++) {
    const base = <usize>(t * inC * outC) << 2;
    for (let ci = 0; ci < inC; ci++) {
      for (let co = 0; co < outC; co++) {
        store<f32>(dst + base + (<usize>(co * inC + ci) << 2), load<f32>(src + base + (<usize>(ci * outC + co) << 2)));
      }
    }
  }
}

/** dx[0..inC) = Σ_taps Σ_co dy[co] · Wt[co][0..inC), eight channels per pass over the taps. */
// @ts-ignore: decorator
@inline
function gatherAlongIn(dx: usize, taps: usize, n: i32, inC: i32, outC: i32): void {
  const rowBytes = <usize>inC << 2;
  let ci = 0;
  for (; ci + 8 <= inC; ci += 8) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
    for (let k = 0; k < n; k++) {
      const dp = <usize>load<u32>(taps + (<usize>k << 3));
      let wq = <usize>load<u32>(taps + (<usize>k << 3), 4) + (<usize>ci << 2);
      for (let co = 0; co < outC; co++, wq += rowBytes) {
        const d = f32x4.splat(load<f32>(dp + (<usize>co << 2)));
        a0 = f32x4.add(a0, f32x4.mul(d, v128.load(wq)));
        a1 = f32x4.add(a1, f32x4.mul(d, v128.load(wq, 16)));
      }
    }
    v128.store(dx + (<usize>ci << 2), a0);
    v128.store(dx + (<usize>ci << 2), a1, 16);
  }
  for (; ci + 4 <= inC; ci += 4) {
    let a0 = f32x4.splat(0);
    for (let k = 0; k < n; k++) {
      const dp = <usize>load<u32>(taps + (<usize>k << 3));
      let wq = <usize>load<u32>(taps + (<usize>k << 3), 4) + (<usize>ci << 2);
      for (let co = 0; co < outC; co++, wq += rowBytes) {
        a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(dp + (<usize>co << 2))), v128.load(wq)));
      }
    }
    v128.store(dx + (<usize>ci << 2), a0);
  }
  for (; ci < inC; ci++) {
    let acc: f32 = 0;
    for (let k = 0; k < n; k++) {
      const dp = <usize>load<u32>(taps + (<usize>k << 3));
      let wq = <usize>load<u32>(taps + (<usize>k << 3), 4) + (<usize>ci << 2);
      for (let co = 0; co < outC; co++, wq += rowBytes) {
        acc += load<f32>(dp + (<usize>co << 2)) * load<f32>(wq);
      }
    }
    store<f32>(dx + (<usize>ci << 2), acc);
  }
}

/** dx[ci] = Σ_taps Σ_co dy[co] · W[ci][co]: dot products along contiguous output channels. */
// @ts-ignore: decorator
@inline
function gatherAlongOut(dx: usize, taps: usize, n: i32, inC: i32, outC: i32): void {
  for (let ci = 0; ci < inC; ci++) {
    let v = f32x4.splat(0);
    let acc: f32 = 0;
    for (let k = 0; k < n; k++) {
      const dp = <usize>load<u32>(taps + (<usize>k << 3));
      const wq = <usize>load<u32>(taps + (<usize>k << 3), 4) + (<usize>(ci * outC) << 2);
      let co = 0;
      if (ASC_FEATURE_SIMD) {
        for (; co + 4 <= outC; co += 4) {
          const off = <usize>co << 2;
          v = f32x4.add(v, f32x4.mul(v128.load(dp + off), v128.load(wq + off)));
        }
      }
      for (; co < outC; co++) {
        const off = <usize>co << 2;
        acc += load<f32>(dp + off) * load<f32>(wq + off);
      }
    }
    if (ASC_FEATURE_SIMD) {
      acc += f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
    }
    store<f32>(dx + (<usize>ci << 2), acc);
  }
}
