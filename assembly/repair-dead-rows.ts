// Dead detector rows: a row whose detector element failed reads the dark level across the whole
// scan, which after calibration is a line of maximal attenuation. Scanners repair them before any
// analysis by interpolating the neighbouring rows (the standard defect-pixel correction of line
// detectors; domain.md "Noise": "a few dead rows").

/**
 * A row is dead when its mean is below this fraction of the median mean of the rows around it:
 * a dead row reads dark plus read noise (≈ 0.05 % of air), while no real object can darken a
 * whole row 20× more than its neighbours, air margins included.
 */
// @ts-ignore: decorator
@inline const DEAD_FRACTION: f64 = 0.05;
/** Rows on each side whose means the test compares against. */
// @ts-ignore: decorator
@inline const NEIGHBOURS: i32 = 3;

/**
 * Finds dead rows of the u16 image at `rawPtr` and replaces each by linear interpolation between
 * the nearest healthy rows above and below (a copy of the one healthy side at the image edges).
 * Works in place.
 * @param meansPtr scratch of `height + 6` f64 (row means, then room to sort the neighbours' means)
 * @param deadPtr scratch of `height` u8; on return 1 marks a repaired row
 * @returns the number of rows repaired (all rows dead: none repaired, 0)
 */
export function repairDeadRows(rawPtr: usize, width: i32, height: i32, meansPtr: usize, deadPtr: usize): i32 {
  for (let y = 0; y < height; y++) {
    const row = rawPtr + ((<usize>y * <usize>width) << 1);
    let sum: u64 = 0;
    for (let x = 0; x < width; x++) sum += <u64>load<u16>(row + (<usize>x << 1));
    store<f64>(meansPtr + (<usize>y << 3), <f64>sum / <f64>width);
  }
  let count = 0;
  for (let y = 0; y < height; y++) {
    const dead = load<f64>(meansPtr + (<usize>y << 3)) < DEAD_FRACTION * neighbourMedian(meansPtr, y, height, meansPtr + (<usize>height << 3));
    store<u8>(deadPtr + <usize>y, dead ? 1 : 0);
    if (dead) count++;
  }
  if (count == 0 || count == height) return 0;
  for (let y = 0; y < height; y++) {
    if (load<u8>(deadPtr + <usize>y) == 0) continue;
    let above = y - 1;
    while (above >= 0 && load<u8>(deadPtr + <usize>above) != 0) above--;
    let below = y + 1;
    while (below < height && load<u8>(deadPtr + <usize>below) != 0) below++;
    interpolateRow(rawPtr, width, y, above, below < height ? below : -1);
  }
  return count;
}

/**
 * Median of the means of up to NEIGHBOURS rows on each side of `y` (not `y` itself), insertion-sorted
 * into the 2 · NEIGHBOURS f64 at `sortPtr` (the kernels own no heap).
 */
function neighbourMedian(meansPtr: usize, y: i32, height: i32, sortPtr: usize): f64 {
  let n = 0;
  for (let d = -NEIGHBOURS; d <= NEIGHBOURS; d++) {
    const j = y + d;
    if (d == 0 || j < 0 || j >= height) continue;
    const v = load<f64>(meansPtr + (<usize>j << 3));
    let k = n++;
    while (k > 0 && load<f64>(sortPtr + (<usize>(k - 1) << 3)) > v) {
      store<f64>(sortPtr + (<usize>k << 3), load<f64>(sortPtr + (<usize>(k - 1) << 3)));
      k--;
    }
    store<f64>(sortPtr + (<usize>k << 3), v);
  }
  if (n == 0) return 0;
  const mid = sortPtr + (<usize>(n >> 1) << 3);
  return (n & 1) == 1 ? load<f64>(mid) : 0.5 * (load<f64>(mid - 8) + load<f64>(mid));
}

/** Row `y` from rows `above` and `below` (−1: absent), weighted by distance, rounded to nearest. */
function interpolateRow(rawPtr: usize, width: i32, y: i32, above: i32, below: i32): void {
  const out = rawPtr + ((<usize>y * <usize>width) << 1);
  if (above < 0 || below < 0) {
    const src = rawPtr + ((<usize>(above < 0 ? below : above) * <usize>width) << 1);
    memory.copy(out, src, <usize>width << 1);
    return;
  }
  const a = rawPtr + ((<usize>above * <usize>width) << 1);
  const b = rawPtr + ((<usize>below * <usize>width) << 1);
  const wb = <f64>(y - above) / <f64>(below - above);
  const wa = 1 - wb;
  for (let x = 0; x < width; x++) {
    const o = <usize>x << 1;
    store<u16>(out + o, <u16>Math.floor(wa * <f64>load<u16>(a + o) + wb * <f64>load<u16>(b + o) + 0.5));
  }
}
