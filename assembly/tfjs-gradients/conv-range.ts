// Which output rows (or columns) a filter tap touches. Output position o reads input position
// o * stride + tap - pad, which must lie in [0, inSize); the same bound as tfjs-backend-cpu's
// Conv2DBackpropFilter (yRMin / yRMax), computed with integer arithmetic only.

/** First output index whose input position o * stride + tap - pad is >= 0. */
// @ts-ignore: decorator
@inline
export function firstOutput(tap: i32, pad: i32, stride: i32): i32 {
  const need = pad - tap;
  return need <= 0 ? 0 : (need + stride - 1) / stride;
}

/** One past the last output index whose input position is < inSize, capped at outSize. */
// @ts-ignore: decorator
@inline
export function endOutput(tap: i32, pad: i32, stride: i32, inSize: i32, outSize: i32): i32 {
  const last = inSize - 1 + pad - tap;
  if (last < 0) return 0;
  return min(outSize, last / stride + 1);
}
