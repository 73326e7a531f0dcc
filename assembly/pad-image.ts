// Edge-replicated padding shared by the neighbourhood kernels (blur, median, Sobel): with `pad`
// columns and rows of border copied outward, the hot loops read neighbours with plain (unaligned)
// loads and no per-pixel bounds test. Replication matches OpenCV's BORDER_REPLICATE.

/**
 * Writes src (width × height f32) into dst ((width + 2 pad) × (height + 2 pad)) with the border
 * replicated. Every padded row is built once, then the top and bottom rows are copied from it.
 */
export function padImage(srcPtr: usize, width: i32, height: i32, pad: i32, dstPtr: usize): void {
  const stride = <usize>(width + 2 * pad) << 2;
  const rowBytes = <usize>width << 2;
  for (let y = 0; y < height; y++) {
    const src = srcPtr + <usize>y * rowBytes;
    const dst = dstPtr + <usize>(y + pad) * stride;
    const left = load<f32>(src);
    const right = load<f32>(src + rowBytes - 4);
    for (let p = 0; p < pad; p++) {
      store<f32>(dst + (<usize>p << 2), left);
      store<f32>(dst + (<usize>(pad + width + p) << 2), right);
    }
    memory.copy(dst + (<usize>pad << 2), src, rowBytes);
  }
  const first = dstPtr + <usize>pad * stride;
  const last = dstPtr + <usize>(pad + height - 1) * stride;
  for (let p = 0; p < pad; p++) {
    memory.copy(dstPtr + <usize>p * stride, first, stride);
    memory.copy(dstPtr + <usize>(pad + height + p) * stride, last, stride);
  }
}
