// Cuts a plane into non-overlapping tile x tile patches for the model, tile-major:
// out[(ty * cols + tx) * tile * tile + py * tile + px], zero-padded past the right and bottom edges.

/** Copies each patch row with memory.copy and zero-fills what lies outside the image. */
export function extractTiles(srcPtr: usize, width: i32, height: i32, tile: i32, outPtr: usize): void {
  const cols = (width + tile - 1) / tile;
  const rows = (height + tile - 1) / tile;
  const tileRowBytes = <usize>tile << 2;
  let dst = outPtr;
  for (let ty = 0; ty < rows; ty++) {
    for (let tx = 0; tx < cols; tx++) {
      const x0 = tx * tile;
      const copyBytes = <usize>min(tile, width - x0) << 2;
      for (let py = 0; py < tile; py++) {
        const y = ty * tile + py;
        if (y < height) {
          memory.copy(dst, srcPtr + ((<usize>y * <usize>width + <usize>x0) << 2), copyBytes);
          if (copyBytes < tileRowBytes) memory.fill(dst + copyBytes, 0, tileRowBytes - copyBytes);
        } else {
          memory.fill(dst, 0, tileRowBytes);
        }
        dst += tileRowBytes;
      }
    }
  }
}
