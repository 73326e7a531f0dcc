/**
 * Scalar TypeScript references of the gradient kernels: plain loops over the textbook sums, used to
 * check the WASM kernels and as a fallback implementation (`implementation: 'reference'`).
 * They accumulate in float64, as tfjs-backend-cpu does.
 */
import type { ConvGeometry } from './geometry.js';

/**
 * dW[wr, wc, ci, co] = Σ x[b, yr·sh + wr − top, yc·sw + wc − left, ci] · dy[b, yr, yc, co].
 * @param x NHWC input, batch × inH × inW × inC
 * @param dy NHWC output gradient, batch × outH × outW × outC
 * @returns filterH × filterW × inC × outC
 */
export function conv2dBackpropFilterReference(x: Float32Array, dy: Float32Array, g: ConvGeometry): Float32Array {
  const out = new Float32Array(g.filterH * g.filterW * g.inC * g.outC);
  for (let wr = 0; wr < g.filterH; wr++) {
    for (let wc = 0; wc < g.filterW; wc++) {
      for (let ci = 0; ci < g.inC; ci++) {
        for (let co = 0; co < g.outC; co++) {
          let sum = 0;
          forEachTap(g, wr, wc, (b, xr, xc, yr, yc) => {
            sum += x[((b * g.inH + xr) * g.inW + xc) * g.inC + ci] * dy[((b * g.outH + yr) * g.outW + yc) * g.outC + co];
          });
          out[((wr * g.filterW + wc) * g.inC + ci) * g.outC + co] = sum;
        }
      }
    }
  }
  return out;
}

/**
 * dx[b, xr, xc, ci] = Σ dy[b, yr, yc, co] · W[wr, wc, ci, co] over the taps that read (xr, xc),
 * scattered from dy (the WASM kernel gathers, so the two share no indexing code).
 * @param dy NHWC output gradient, batch × outH × outW × outC
 * @param filter filterH × filterW × inC × outC
 * @returns batch × inH × inW × inC
 */
export function conv2dBackpropInputReference(dy: Float32Array, filter: Float32Array, g: ConvGeometry): Float32Array {
  const acc = new Float64Array(g.batch * g.inH * g.inW * g.inC);
  for (let wr = 0; wr < g.filterH; wr++) {
    for (let wc = 0; wc < g.filterW; wc++) {
      forEachTap(g, wr, wc, (b, xr, xc, yr, yc) => {
        const dyBase = ((b * g.outH + yr) * g.outW + yc) * g.outC;
        for (let ci = 0; ci < g.inC; ci++) {
          const wBase = ((wr * g.filterW + wc) * g.inC + ci) * g.outC;
          let sum = 0;
          for (let co = 0; co < g.outC; co++) sum += dy[dyBase + co] * filter[wBase + co];
          acc[((b * g.inH + xr) * g.inW + xc) * g.inC + ci] += sum;
        }
      });
    }
  }
  return Float32Array.from(acc);
}

/**
 * dW[wr, wc, ci, m] = Σ x[b, xr, xc, ci] · dy[b, yr, yc, ci·mult + m]; `g.outC` is the multiplier.
 * @returns filterH × filterW × inC × mult
 */
export function depthwiseBackpropFilterReference(x: Float32Array, dy: Float32Array, g: ConvGeometry): Float32Array {
  const mult = g.outC;
  const dyC = g.inC * mult;
  const out = new Float32Array(g.filterH * g.filterW * dyC);
  for (let wr = 0; wr < g.filterH; wr++) {
    for (let wc = 0; wc < g.filterW; wc++) {
      for (let ci = 0; ci < g.inC; ci++) {
        for (let m = 0; m < mult; m++) {
          let sum = 0;
          forEachTap(g, wr, wc, (b, xr, xc, yr, yc) => {
            sum += x[((b * g.inH + xr) * g.inW + xc) * g.inC + ci] * dy[((b * g.outH + yr) * g.outW + yc) * dyC + ci * mult + m];
          });
          out[(wr * g.filterW + wc) * dyC + ci * mult + m] = sum;
        }
      }
    }
  }
  return out;
}

/**
 * dx[b, xr, xc, ci] = Σ dy[b, yr, yc, ci·mult + m] · W[wr, wc, ci, m] over the taps that read (xr, xc).
 * Scattered from dy, the transpose of the forward pass, so it shares no code path with the gather
 * form the WASM kernel uses.
 * @returns batch × inH × inW × inC
 */
export function depthwiseBackpropInputReference(dy: Float32Array, filter: Float32Array, g: ConvGeometry): Float32Array {
  const mult = g.outC;
  const dyC = g.inC * mult;
  const acc = new Float64Array(g.batch * g.inH * g.inW * g.inC);
  for (let wr = 0; wr < g.filterH; wr++) {
    for (let wc = 0; wc < g.filterW; wc++) {
      forEachTap(g, wr, wc, (b, xr, xc, yr, yc) => {
        for (let ci = 0; ci < g.inC; ci++) {
          for (let m = 0; m < mult; m++) {
            acc[((b * g.inH + xr) * g.inW + xc) * g.inC + ci] +=
              dy[((b * g.outH + yr) * g.outW + yc) * dyC + ci * mult + m] * filter[(wr * g.filterW + wc) * dyC + ci * mult + m];
          }
        }
      });
    }
  }
  return Float32Array.from(acc);
}

/** Calls `visit` for every output position whose filter tap (wr, wc) lands inside the input. */
function forEachTap(
  g: ConvGeometry, wr: number, wc: number,
  visit: (b: number, xr: number, xc: number, yr: number, yc: number) => void,
): void {
  for (let b = 0; b < g.batch; b++) {
    for (let yr = 0; yr < g.outH; yr++) {
      const xr = yr * g.strideH + wr - g.padTop;
      if (xr < 0 || xr >= g.inH) continue;
      for (let yc = 0; yc < g.outW; yc++) {
        const xc = yc * g.strideW + wc - g.padLeft;
        if (xc < 0 || xc >= g.inW) continue;
        visit(b, xr, xc, yr, yc);
      }
    }
  }
}
