/**
 * Declared goods versus the material the dual-energy image shows. For the cargo's excess attenuation
 * (over each row's container structure, as in the mass estimate) the ratio ΔA_low / ΔA_high is
 * ≈ 1.22 for organic goods and ≈ 1.02–1.12 for steel and machinery (shared/domain.md: R = μ4/μ6).
 * A declaration whose HS codes are all organic (food, wood, paper, textiles) while the load reads as
 * metal — or all metal goods while it reads as organic — is a documents question (yellow). Goods of
 * mixed or plastic-and-electronics make-up (computers, chapter 85) read like organic and are not judged.
 */
import type { Declaration } from '../core/scan-manifest.js';
import type { Plane } from '../kernels/index.js';
import { measuredSpan, NEAR_OPAQUE_ATTENUATION, rowStructure, type CargoSpan } from './mass-estimate.js';
import type { DeclarationFinding } from './risk-fusion.js';

/** Below this excess ratio the load reads as metal; above ORGANIC_RATIO as organic. */
const METAL_RATIO = 1.15;
const ORGANIC_RATIO = 1.17;
/** Excess attenuation of a pixel that counts as cargo (≈ 10 cm of organic goods across the width). */
const CARGO_EXCESS = 0.3;
/** Too little cargo to judge its material: summed excess attenuation (≈ 250 kg at 20 mm pixels). */
const MIN_TOTAL_EXCESS = 1800;

type GoodsClass = 'organic' | 'metal' | 'other';

/** HS chapters 01–24 (food), 41–53 (hides, wood, paper, fibres), 57–63 (textiles) vs base metals and machinery. */
function goodsClassOf(hsCode: string): GoodsClass {
  const chapter = Number(hsCode.slice(0, 2));
  const heading = hsCode.slice(0, 4);
  if (chapter <= 24 || (chapter >= 41 && chapter <= 53) || (chapter >= 57 && chapter <= 63)) return 'organic';
  if ((chapter >= 72 && chapter <= 83) || (chapter === 84 && heading !== '8471')) return 'metal';
  return 'other';
}

/** The load's excess ratio ΔA_low / ΔA_high, or null when there is too little cargo to judge. */
export function cargoExcessRatio(high: Plane, ratio: Plane, pixelMm: number, span = measuredSpan(high, pixelMm)): number | null {
  if (!span) return null;
  const n = span.x1 - span.x0;
  const rowHigh = new Float32Array(n);
  const rowLow = new Float32Array(n);
  let sumHigh = 0;
  let sumLow = 0;
  for (let y = span.y0; y < span.y1; y++) {
    for (let i = 0; i < n; i++) {
      const at = y * high.width + span.x0 + i;
      const a = high.data[at]!;
      rowHigh[i] = a;
      // Where the ratio is undefined (walls, air: A_high below the ratio kernel's minimum) use steel's.
      rowLow[i] = ratio.data[at]! > 0 ? ratio.data[at]! * a : 1.09 * a;
    }
    const structureHigh = rowStructure(rowHigh);
    const structureLow = rowStructure(rowLow);
    for (let i = 0; i < n; i++) {
      const excess = rowHigh[i]! - structureHigh;
      if (excess > CARGO_EXCESS && rowHigh[i]! < NEAR_OPAQUE_ATTENUATION) {
        sumHigh += excess;
        sumLow += rowLow[i]! - structureLow;
      }
    }
  }
  return sumHigh < MIN_TOTAL_EXCESS ? null : sumLow / sumHigh;
}

export function checkMaterial(
  declaration: Declaration,
  high: Plane,
  ratio: Plane | undefined,
  pixelMm: number,
  span: CargoSpan | null = measuredSpan(high, pixelMm),
): DeclarationFinding[] {
  if (!ratio) return [];
  const classes = new Set(declaration.hsCodes.map(goodsClassOf));
  if (classes.size !== 1 || classes.has('other')) return [];
  const declared = classes.has('metal') ? 'metal' : 'organic';
  const r = cargoExcessRatio(high, ratio, pixelMm, span);
  if (r === null) return [];
  const reads = r < METAL_RATIO ? 'metal' : r > ORGANIC_RATIO ? 'organic' : null;
  if (!reads || reads === declared) return [];
  const codes = declaration.hsCodes.join(', ');
  return [{ severity: 'yellow', reason: `Declared ${declared} goods (HS ${codes}), but the dual-energy image reads as ${reads} (ratio ${r.toFixed(2)})` }];
}
