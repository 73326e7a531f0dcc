/** Output geometry of area downsampling, shared by the WASM binding and the reference. */

/**
 * Output pixels along a side of `size` input pixels at `factor` input pixels per output pixel:
 * ⌈size / factor⌉. For fractional factors a sliver below 1e-9 of a pixel (floating-point residue of
 * size / factor) does not make a column of its own.
 */
export function areaOutputSize(size: number, factor: number): number {
  if (Number.isInteger(factor)) return Math.ceil(size / factor);
  return Math.max(1, Math.ceil(size / factor - 1e-9));
}
