/**
 * Binary search in ascending arrays, shared by conformal calibration (ranking a score among the
 * calibration scores) and scan context (counting the tiles at least as extreme as one tile).
 */

/**
 * First index i with sorted[i] ≥ value, or sorted.length when there is none.
 * @param sorted ascending, without NaN.
 * @example lowerBound(Float64Array.of(1, 2, 2, 3), 2) // 1
 */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
