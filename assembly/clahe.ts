// Contrast-limited adaptive histogram equalisation on 8-bit gray (K. Zuiderveld, "Contrast Limited
// Adaptive Histogram Equalization", Graphics Gems IV, 1994), with OpenCV's clip-and-redistribute
// rule. Tile x spans [⌊tx·w/tilesX⌋, ⌊(tx+1)·w/tilesX⌋), so any size divides without padding; each
// pixel blends the maps of the four nearest tile centres bilinearly.

/**
 * @param lutPtr scratch of tilesX × tilesY × 256 u8 (one map per tile)
 * @param histPtr scratch of 256 u32
 * @param colPtr scratch of width × 12 bytes: per column the two tile offsets (u32) and weight (f32)
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
  // Per-column interpolation terms are the same for every row: compute them once.
  const tileW = <f32>width / <f32>tilesX;
  for (let x = 0; x < width; x++) {
    const f = (<f32>x + 0.5) / tileW - 0.5;
    const t0 = <i32>Mathf.floor(f);
    const c = colPtr + <usize>x * 12;
    store<u32>(c, <u32>max(t0, 0) << 8);
    store<u32>(c, <u32>min(t0 + 1, tilesX - 1) << 8, 4);
    store<f32>(c, f - <f32>t0, 8);
  }
  const tileH = <f32>height / <f32>tilesY;
  for (let y = 0; y < height; y++) {
    const f = (<f32>y + 0.5) / tileH - 0.5;
    const t0 = <i32>Mathf.floor(f);
    const ay = f - <f32>t0;
    const top = lutPtr + (<usize>(max(t0, 0) * tilesX) << 8);
    const bottom = lutPtr + (<usize>(min(t0 + 1, tilesY - 1) * tilesX) << 8);
    const row = <usize>y * <usize>width;
    for (let x = 0; x < width; x++) {
      const c = colPtr + <usize>x * 12;
      const v = <usize>load<u8>(srcPtr + row + <usize>x);
      const l = <usize>load<u32>(c) + v;
      const r = <usize>load<u32>(c, 4) + v;
      const ax = load<f32>(c, 8);
      const t = <f32>load<u8>(top + l) + ax * (<f32>load<u8>(top + r) - <f32>load<u8>(top + l));
      const b = <f32>load<u8>(bottom + l) + ax * (<f32>load<u8>(bottom + r) - <f32>load<u8>(bottom + l));
      store<u8>(outPtr + row + <usize>x, <u8>(<i32>(t + ay * (b - t) + 0.5)));
    }
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
