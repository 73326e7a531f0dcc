// Natural logarithm for positive, finite, normal f32 inputs, after Cephes `logf` (S. L. Moshier,
// Cephes Math Library, logf.c) in the branch-free SIMD form of sse_mathfun (J. Pommier).
// The scalar and vector forms perform the same f32 operations in the same order, so the SIMD and
// scalar builds agree bit for bit; the max error against Math.log is pinned in
// test/kernels/log-approximation.test.ts.

// @ts-ignore: decorator
@inline const SQRT_HALF: f32 = 0.707106781186547524;
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = -2.12194440e-4;
// @ts-ignore: decorator
@inline const P0: f32 = 7.0376836292e-2;
// @ts-ignore: decorator
@inline const P1: f32 = -1.1514610310e-1;
// @ts-ignore: decorator
@inline const P2: f32 = 1.1676998740e-1;
// @ts-ignore: decorator
@inline const P3: f32 = -1.2420140846e-1;
// @ts-ignore: decorator
@inline const P4: f32 = 1.4249322787e-1;
// @ts-ignore: decorator
@inline const P5: f32 = -1.6668057665e-1;
// @ts-ignore: decorator
@inline const P6: f32 = 2.0000714765e-1;
// @ts-ignore: decorator
@inline const P7: f32 = -2.4999993993e-1;
// @ts-ignore: decorator
@inline const P8: f32 = 3.3333331174e-1;

/** ln(x) for x >= FLT_MIN; inputs at or below zero, NaN and infinities are the caller's problem. */
// @ts-ignore: decorator
@inline export function logApprox(x: f32): f32 {
  const bits = reinterpret<i32>(x);
  // Mantissa mapped into [0.5, 1); below sqrt(1/2) it is doubled so the polynomial sees [-0.29, 0.41].
  // Selects instead of a branch: on noisy pixels the condition is a coin flip.
  const m = reinterpret<f32>((bits & 0x007fffff) | 0x3f000000);
  const below = m < SQRT_HALF;
  const e = (bits >>> 23) - 126 - <i32>below;
  const t = (m - 1) + select<f32>(m, 0, below);
  const ef = <f32>e;
  const z = t * t;
  let y = P0;
  y = y * t + P1;
  y = y * t + P2;
  y = y * t + P3;
  y = y * t + P4;
  y = y * t + P5;
  y = y * t + P6;
  y = y * t + P7;
  y = y * t + P8;
  y = y * t * z;
  y = y + LN2_LO * ef;
  y = y - 0.5 * z;
  return t + y + LN2_HI * ef;
}

/** Four-lane form of {@link logApprox}; only compiled into the SIMD build. */
// @ts-ignore: decorator
@inline export function logApproxV(x: v128): v128 {
  let e = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126));
  const m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  const below = f32x4.lt(m, f32x4.splat(SQRT_HALF));
  // `below` lanes are all ones (-1 as i32): adding decrements e, and-ing selects m.
  e = i32x4.add(e, below);
  const t = f32x4.add(f32x4.sub(m, f32x4.splat(1)), v128.and(below, m));
  const ef = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(t, t);
  let y = f32x4.splat(P0);
  y = f32x4.add(f32x4.mul(y, t), f32x4.splat(P1));
  y = f32x4.add(f32x4.mul(y, t), f32x4.splat(P2));
  y = f32x4.add(f32x4.mul(y, t), f32x4.splat(P3));
  y = f32x4.add(f32x4.mul(y, t), f32x4.splat(P4));
  y = f32x4.add(f32x4.mul(y, t), f32x4.splat(P5));
  y = f32x4.add(f32x4.mul(y, t), f32x4.splat(P6));
  y = f32x4.add(f32x4.mul(y, t), f32x4.splat(P7));
  y = f32x4.add(f32x4.mul(y, t), f32x4.splat(P8));
  y = f32x4.mul(f32x4.mul(y, t), z);
  y = f32x4.add(y, f32x4.mul(f32x4.splat(LN2_LO), ef));
  y = f32x4.sub(y, f32x4.mul(f32x4.splat(0.5), z));
  return f32x4.add(f32x4.add(t, y), f32x4.mul(f32x4.splat(LN2_HI), ef));
}

/** Exported so the tests can measure the approximation error of the build against Math.log. */
export function logApproxBatch(srcPtr: usize, n: i32, outPtr: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(outPtr + o, logApproxV(v128.load(srcPtr + o)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(outPtr + o, logApprox(load<f32>(srcPtr + o)));
  }
}
