// Separable Gaussian blur with replicated borders: a vertical pass over the padded image, then a
// horizontal pass, each 2r + 1 taps of normalised weights prepared by the TypeScript binding.
import { padImage } from './pad-image';

/**
 * @param weightsPtr 2·radius + 1 f32 taps (sum 1)
 * @param padPtr scratch of (width + 2r) × (height + 2r) f32
 * @param tmpPtr scratch of (width + 2r) × height f32 (vertical pass result)
 * @param splatPtr scratch of 2·radius + 1 v128 (taps broadcast to four lanes)
 */
export function gaussianBlur(
  srcPtr: usize, width: i32, height: i32, weightsPtr: usize, radius: i32,
  outPtr: usize, padPtr: usize, tmpPtr: usize, splatPtr: usize,
): void {
  const taps = 2 * radius + 1;
  const pw = width + 2 * radius;
  const stride = <usize>pw << 2;
  padImage(srcPtr, width, height, radius, padPtr);
  if (ASC_FEATURE_SIMD) {
    for (let k = 0; k < taps; k++) {
      v128.store(splatPtr + (<usize>k << 4), f32x4.splat(load<f32>(weightsPtr + (<usize>k << 2))));
    }
  }
  // Vertical: tmp[y][x] = Σ w_k · pad[y + k][x], for every padded column.
  for (let y = 0; y < height; y++) {
    const dst = tmpPtr + <usize>y * stride;
    const top = padPtr + <usize>y * stride;
    let x = 0;
    if (ASC_FEATURE_SIMD) {
      for (; x + 4 <= pw; x += 4) {
        let p = top + (<usize>x << 2);
        let acc = f32x4.mul(v128.load(splatPtr), v128.load(p));
        for (let k = 1; k < taps; k++) {
          p += stride;
          acc = f32x4.add(acc, f32x4.mul(v128.load(splatPtr + (<usize>k << 4)), v128.load(p)));
        }
        v128.store(dst + (<usize>x << 2), acc);
      }
    }
    for (; x < pw; x++) {
      let p = top + (<usize>x << 2);
      let acc = load<f32>(weightsPtr) * load<f32>(p);
      for (let k = 1; k < taps; k++) {
        p += stride;
        acc += load<f32>(weightsPtr + (<usize>k << 2)) * load<f32>(p);
      }
      store<f32>(dst + (<usize>x << 2), acc);
    }
  }
  // Horizontal: out[y][x] = Σ w_k · tmp[y][x + k]; unaligned loads slide the window.
  for (let y = 0; y < height; y++) {
    const src = tmpPtr + <usize>y * stride;
    const dst = outPtr + (<usize>y * <usize>width << 2);
    let x = 0;
    if (ASC_FEATURE_SIMD) {
      for (; x + 4 <= width; x += 4) {
        const p = src + (<usize>x << 2);
        let acc = f32x4.mul(v128.load(splatPtr), v128.load(p));
        for (let k = 1; k < taps; k++) {
          acc = f32x4.add(acc, f32x4.mul(v128.load(splatPtr + (<usize>k << 4)), v128.load(p + (<usize>k << 2))));
        }
        v128.store(dst + (<usize>x << 2), acc);
      }
    }
    for (; x < width; x++) {
      const p = src + (<usize>x << 2);
      let acc = load<f32>(weightsPtr) * load<f32>(p);
      for (let k = 1; k < taps; k++) acc += load<f32>(weightsPtr + (<usize>k << 2)) * load<f32>(p + (<usize>k << 2));
      store<f32>(dst + (<usize>x << 2), acc);
    }
  }
}
