// Fused air/dark calibration and integer area downsampling: raw u16 rows go through the calibration
// table straight into the block-row accumulator, so the full-resolution f32 attenuation plane is
// never written. The worker only needs the model-resolution planes (docs/architecture.md, model
// contract), and at factor 4 that plane is 16× larger than what is kept.
// Adds happen in the same order as calibrate → downsampleArea (first row stored, later rows added,
// then reduceBlockRow), so the fused result equals the two-kernel one bit for bit.
import { reduceBlockRow } from './downsample-area';

/**
 * @param lutPtr a table filled by calibrationTable(air, dark, lutPtr)
 * @param rowPtr scratch of `width` f32 values, 16-byte aligned
 * @param outPtr ⌈width / factor⌉ × ⌈height / factor⌉ f32 block means of the attenuation
 */
export function calibrateDownsample(
  rawPtr: usize, width: i32, height: i32, lutPtr: usize, factor: i32, outPtr: usize, rowPtr: usize,
): void {
  const outW = (width + factor - 1) / factor;
  const outH = (height + factor - 1) / factor;
  const rowBytes = <usize>width << 1;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = oy * factor;
    const y1 = min(y0 + factor, height);
    sumBlockRow(rawPtr + <usize>y0 * rowBytes, rowBytes, y1 - y0, width, lutPtr, rowPtr);
    reduceBlockRow(rowPtr, width, factor, <f32>(y1 - y0), outPtr + (<usize>oy * <usize>outW << 2));
  }
}

/**
 * acc[x] = Σ over the block's rows of lut[raw[y][x]], summed top to bottom in registers (the same
 * order as downsampleArea's row-by-row accumulation, so the same rounding) and stored once. A table
 * gather has no SIMD form in WASM: four scalar lookups fill a vector.
 */
// @ts-ignore: decorator
@inline function sumBlockRow(rawRow: usize, rowBytes: usize, rows: i32, width: i32, lutPtr: usize, accPtr: usize): void {
  let x = 0;
  if (ASC_FEATURE_SIMD) {
    for (; x + 4 <= width; x += 4) {
      let p = rawRow + (<usize>x << 1);
      let v = gather4(p, lutPtr);
      for (let y = 1; y < rows; y++) {
        p += rowBytes;
        v = f32x4.add(v, gather4(p, lutPtr));
      }
      v128.store(accPtr + (<usize>x << 2), v);
    }
  }
  for (; x < width; x++) {
    let p = rawRow + (<usize>x << 1);
    let s = load<f32>(lutPtr + (<usize>load<u16>(p) << 2));
    for (let y = 1; y < rows; y++) {
      p += rowBytes;
      s += load<f32>(lutPtr + (<usize>load<u16>(p) << 2));
    }
    store<f32>(accPtr + (<usize>x << 2), s);
  }
}

// @ts-ignore: decorator
@inline function gather4(p: usize, lutPtr: usize): v128 {
  let v = f32x4.splat(load<f32>(lutPtr + (<usize>load<u16>(p) << 2)));
  v = f32x4.replace_lane(v, 1, load<f32>(lutPtr + (<usize>load<u16>(p, 2) << 2)));
  v = f32x4.replace_lane(v, 2, load<f32>(lutPtr + (<usize>load<u16>(p, 4) << 2)));
  return f32x4.replace_lane(v, 3, load<f32>(lutPtr + (<usize>load<u16>(p, 6) << 2)));
}
