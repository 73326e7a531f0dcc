// Contrast-limited adaptive histogram equalisation on 8-bit gray (K. Zuiderveld, "Contrast Limited
// Adaptive Histogram Equalization", Graphics Gems IV, 1994), with OpenCV's clip-and-redistribute
// rule. Tile x spans [⌊tx·w/tilesX⌋, ⌊(tx+1)·w/tilesX⌋), so any size divides without padding; each
// pixel blends the maps of the four nearest tile centres bilinearly, with weights in 1/256 steps.

/**
 * @param lutPtr scratch of tilesX × tilesY × 256 u8 (one map per tile)
 * @param histPtr scratch of 256 u32
 * @param colPtr scratch of width × 8 bytes (per column: left tile, weight) + tilesX × 512 bytes
 *   (the current row's blended maps)
 */
export function clahe(
  srcPtr: usize, width: i32, height: i32, tilesX: i32, tilesY: i32, clipLimit: f32,
  outPtr: usize, lutPtr: usize, histPtr: usize, colPtr: usize,
): void {
  for (let ty = 0; ty < tilesY; ty++) {
    const y0 = ty * height / tilesY;
    const y1 = (ty + 1) * height / tilesY;
    for (let tx = 0; tx < tilesX; tx++) {
      const x0 = tx * width / tilesX;
      const x1 = (tx + 1) * width / tilesX;
      tileMap(srcPtr, width, x0, x1, y0, y1, clipLimit, histPtr, lutPtr + (<usize>(ty * tilesX + tx) << 8));
    }
  }
  // Bilinear weights in 1/256 steps, so the blend is integer: the two vertical neighbours are mixed
  // once per row into 16-bit maps, leaving two table loads and two multiplies per pixel.
  const rowMaps = colPtr + (<usize>width << 3);
  const tileW = <f32>width / <f32>tilesX;
  for (let x = 0; x < width; x++) {
    const f = (<f32>x + 0.5) / tileW - 0.5;
    const t0 = <i32>Mathf.floor(f);
    store<i32>(colPtr + (<usize>x << 3), t0);
    store<u32>(colPtr + (<usize>x << 3), weight256(f, t0), 4);
  }
  const tileH = <f32>height / <f32>tilesY;
  for (let y = 0; y < height; y++) {
    const f = (<f32>y + 0.5) / tileH - 0.5;
    const t0 = <i32>Mathf.floor(f);
    blendRows(
      lutPtr + (<usize>(max(t0, 0) * tilesX) << 8), lutPtr + (<usize>(min(t0 + 1, tilesY - 1) * tilesX) << 8),
      weight256(f, t0), tilesX, rowMaps,
    );
    const src = srcPtr + <usize>y * <usize>width;
    const dst = outPtr + <usize>y * <usize>width;
    // Runs of columns share their left and right tile; only the weight changes along a run.
    let x = 0;
    while (x < width) {
      const t = load<i32>(colPtr + (<usize>x << 3));
      const left = rowMaps + (<usize>max(t, 0) << 9);
      const right = rowMaps + (<usize>min(t + 1, tilesX - 1) << 9);
      for (; x < width && load<i32>(colPtr + (<usize>x << 3)) == t; x++) {
        const v = <usize>load<u8>(src + <usize>x) << 1;
        const ax = load<u32>(colPtr + (<usize>x << 3), 4);
        const mixed = <u32>load<u16>(left + v) * (256 - ax) + <u32>load<u16>(right + v) * ax;
        store<u8>(dst + <usize>x, <u8>((mixed + 32768) >> 16));
      }
    }
  }
}

/** round((f − t0) · 256) in f32: the weight of the next tile, 0..256. */
// @ts-ignore: decorator
@inline function weight256(f: f32, t0: i32): u32 {
  return <u32>(<i32>((f - <f32>t0) * 256 + 0.5));
}

/** maps[tx][v] = (256 − ay) · top[tx][v] + ay · bottom[tx][v] as u16 (at most 65280). */
function blendRows(top: usize, bottom: usize, ay: u32, tilesX: i32, maps: usize): void {
  const count = tilesX << 8;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const wt = i16x8.splat(<i16>(256 - ay));
    const wb = i16x8.splat(<i16>ay);
    for (; i < count; i += 16) {
      const a = v128.load(top + <usize>i);
      const b = v128.load(bottom + <usize>i);
      const lo = i16x8.add(i16x8.mul(i16x8.extend_low_i8x16_u(a), wt), i16x8.mul(i16x8.extend_low_i8x16_u(b), wb));
      const hi = i16x8.add(i16x8.mul(i16x8.extend_high_i8x16_u(a), wt), i16x8.mul(i16x8.extend_high_i8x16_u(b), wb));
      v128.store(maps + (<usize>i << 1), lo);
      v128.store(maps + (<usize>i << 1), hi, 16);
    }
  }
  for (; i < count; i++) {
    const m = <u32>load<u8>(top + <usize>i) * (256 - ay) + <u32>load<u8>(bottom + <usize>i) * ay;
    store<u16>(maps + (<usize>i << 1), <u16>m);
  }
}

/** Builds one tile's clipped, equalised 256-entry map into `lut`. */
function tileMap(
  srcPtr: usize, width: i32, x0: i32, x1: i32, y0: i32, y1: i32, clipLimit: f32, histPtr: usize, lut: usize,
): void {
  memory.fill(histPtr, 0, 1024);
  for (let y = y0; y < y1; y++) {
    const row = srcPtr + <usize>y * <usize>width;
    for (let x = x0; x < x1; x++) {
      const p = histPtr + (<usize>load<u8>(row + <usize>x) << 2);
      store<u32>(p, load<u32>(p) + 1);
    }
  }
  const pixels = (x1 - x0) * (y1 - y0);
  // OpenCV: clip at clipLimit × the mean bin count, spread the excess evenly, then the remainder
  // one count at a time across evenly spaced bins.
  const limit = max(<i32>(clipLimit * <f32>pixels / 256), 1);
  let excess = 0;
  for (let i = 0; i < 256; i++) {
    const p = histPtr + (<usize>i << 2);
    const h = load<i32>(p);
    if (h > limit) {
      excess += h - limit;
      store<i32>(p, limit);
    }
  }
  const batch = excess / 256;
  let residual = excess - batch * 256;
  for (let i = 0; i < 256; i++) {
    const p = histPtr + (<usize>i << 2);
    store<i32>(p, load<i32>(p) + batch);
  }
  if (residual > 0) {
    const step = max(256 / residual, 1);
    for (let i = 0; i < 256 && residual > 0; i += step) {
      const p = histPtr + (<usize>i << 2);
      store<i32>(p, load<i32>(p) + 1);
      residual--;
    }
  }
  const scale = <f32>255 / <f32>pixels;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    sum += load<i32>(histPtr + (<usize>i << 2));
    store<u8>(lut + <usize>i, <u8>min(<i32>(<f32>sum * scale + 0.5), 255));
  }
}
