/**
 * Cargo mass from a transmission image. Along a ray A = Σ (μ/ρ)·ρ·t, so a pixel of area a holds
 * a·A/(μ/ρ) of mass. What is not cargo is removed row by row: side walls, roof, floor and chassis
 * beams run the whole length of the vehicle, so each row's 5th-percentile attenuation is taken as
 * that row's structure and only the excess is summed. Rows below the trailer deck (wheels, axles)
 * are skipped. Dense cargo beyond the detector's penetration saturates, so there the estimate is
 * only a lower bound, and it says so.
 */
import type { Plane } from '../kernels/index.js';

/** 6 MeV mass attenuation between organic goods (0.0277) and steel (0.0305), cm²/g (domain.md). */
const MASS_ATTENUATION_HIGH = 0.029;
/** Standard semi-trailer deck height above the road (the image's bottom edge), mm. */
const DECK_HEIGHT_MM = 1300;
/** Pixels attenuating less than this are air. */
const AIR_ATTENUATION = 0.03;
/** Percentile of a row taken as the structure that runs the vehicle's length. */
const STRUCTURE_PERCENTILE = 0.05;
/** Averaged attenuation above this means some rays were close to opaque (≈ 250 mm of steel). */
const NEAR_OPAQUE_ATTENUATION = 7;

export interface MassEstimate {
  kg: number;
  /** True when part of the load was too dense to see through: the true mass may be higher. */
  lowerBound: boolean;
}

/**
 * @param att attenuation at model resolution
 * @param pixelMm its pixel pitch in mm
 */
export function estimateCargoMass(att: Plane, pixelMm: number): MassEstimate {
  const deckRows = Math.round(DECK_HEIGHT_MM / pixelMm);
  let excess = 0;
  let opaque = 0;
  const row = new Float32Array(att.width);
  for (let y = 0; y < att.height - deckRows; y++) {
    let n = 0;
    for (let x = 0; x < att.width; x++) {
      const v = att.data[y * att.width + x]!;
      if (v > AIR_ATTENUATION) row[n++] = v;
      if (v > NEAR_OPAQUE_ATTENUATION) opaque++;
    }
    // Rows mostly of air (above the roof, margins) carry no cargo.
    if (n < att.width * 0.3) continue;
    const values = row.subarray(0, n).sort();
    const structure = values[Math.floor(n * STRUCTURE_PERCENTILE)]!;
    for (let i = 0; i < n; i++) excess += Math.max(0, values[i]! - structure);
  }
  const kg = (excess * (pixelMm / 10) ** 2) / MASS_ATTENUATION_HIGH / 1000;
  return { kg, lowerBound: opaque > 0 };
}
