/**
 * Cargo mass from a transmission image. Along a ray A = Σ (μ/ρ)·ρ·t, so a pixel of area a holds
 * a·A/(μ/ρ) of mass. Only the container counts (found by `findCargoRegion`, the same region the
 * model scores), less half a metre at each end (end frames, corner posts, a reefer's unit). What is
 * not cargo inside it is removed row by row: side walls, roof and floor run the container's whole
 * length, so each row's 5th-percentile attenuation is that row's structure and only the excess is
 * summed. Dense cargo beyond the detector's penetration saturates, so there the estimate is only a
 * lower bound, and it says so.
 */
import type { Plane } from '../kernels/index.js';
import { findCargoRegion } from '../models/inference/cargo-region.js';

/** 6 MeV mass attenuation between organic goods (0.0277) and steel (0.0305), cm²/g (domain.md). */
const MASS_ATTENUATION_HIGH = 0.029;
/** Left out at each end of the container: end frames, corner posts, door bars, reefer units. */
const END_MARGIN_MM = 500;
/** Percentile of a row taken as the structure that runs the container's length. */
const STRUCTURE_PERCENTILE = 0.05;
/** Averaged attenuation above this means some rays were close to opaque (≈ 250 mm of steel). */
export const NEAR_OPAQUE_ATTENUATION = 7;

export interface MassEstimate {
  kg: number;
  /** Inner length of the container measured, in metres (0 when no container was found). */
  lengthM: number;
  /** True when part of the load was too dense to see through: the true mass may be higher. */
  lowerBound: boolean;
}

/** The measured part of the container in model pixels (x1, y1 exclusive) and its length. */
export interface CargoSpan {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  lengthM: number;
}

/** The measured part of the container: its region less the end margins, or null when none is found. */
export function measuredSpan(att: Plane, pixelMm: number): CargoSpan | null {
  const region = findCargoRegion(att, pixelMm);
  const margin = Math.round(END_MARGIN_MM / pixelMm);
  if (!region || region.x1 - region.x0 <= 2 * margin) return null;
  return { x0: region.x0 + margin, x1: region.x1 - margin, y0: region.y0, y1: region.y1, lengthM: ((region.x1 - region.x0) * pixelMm) / 1000 };
}

/** The attenuation of a row's container structure: its low percentile along the container. */
export function rowStructure(row: Float32Array): number {
  return Float32Array.from(row).sort()[Math.floor(row.length * STRUCTURE_PERCENTILE)]!;
}

/**
 * @param att attenuation at model resolution
 * @param pixelMm its pixel pitch in mm
 * @param span the container's measured span, when the caller has found it already
 */
export function estimateCargoMass(att: Plane, pixelMm: number, span = measuredSpan(att, pixelMm)): MassEstimate {
  if (!span) return { kg: 0, lengthM: 0, lowerBound: false };
  const { x0, x1 } = span;
  const row = new Float32Array(x1 - x0);
  let excess = 0;
  let opaque = false;
  for (let y = span.y0; y < span.y1; y++) {
    row.set(att.data.subarray(y * att.width + x0, y * att.width + x1));
    const structure = rowStructure(row);
    for (const v of row) {
      excess += Math.max(0, v - structure);
      opaque ||= v > NEAR_OPAQUE_ATTENUATION;
    }
  }
  const kg = (excess * (pixelMm / 10) ** 2) / MASS_ATTENUATION_HIGH / 1000;
  return { kg, lengthM: span.lengthM, lowerBound: opaque };
}
