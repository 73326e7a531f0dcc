/**
 * Image-versus-declaration checks: the cargo mass the attenuation implies against the declared
 * weight, cargo in a container declared empty, and the load's material against its HS codes
 * (material-check.ts). The mass estimate still carries some container structure (corrugation, floor cross-members): on 80 generated empty containers up to 960 kg for
 * 12.2 m and 700 kg for 6.1 m, hence a per-metre allowance plus a fixed slack (none of those 80 is
 * flagged; 41 of 80 containers declared empty but holding cargo are).
 */
import type { ScangateConfig } from '../core/config.js';
import type { ScanManifest } from '../core/scan-manifest.js';
import type { Plane } from '../kernels/index.js';
import { estimateCargoMass, measuredSpan, type MassEstimate } from './mass-estimate.js';
import { checkMaterial } from './material-check.js';
import type { DeclarationFinding } from './risk-fusion.js';

/** Structure per metre of container the estimate cannot tell from cargo, kg/m. */
const STRUCTURE_KG_PER_M = 60;
/** Estimation noise on top of it, kg. */
const ESTIMATE_SLACK_KG = 400;
/** Below this gap, a declared weight is never questioned (scale error, packaging, dunnage), kg. */
const MIN_WEIGHT_GAP_KG = 1500;

/**
 * All image-versus-declaration checks of one scan.
 * @param input the model-resolution planes (the ratio only for dual-energy scans)
 */
export function checkDeclaration(
  manifest: ScanManifest,
  input: { attenuation: Plane; ratio?: Plane },
  pixelMm: number,
  config: Pick<ScangateConfig, 'WEIGHT_TOLERANCE'>,
): DeclarationFinding[] {
  // Find the container once; every check measures inside it.
  const span = measuredSpan(input.attenuation, pixelMm);
  const estimate = estimateCargoMass(input.attenuation, pixelMm, span);
  if (manifest.declaration.category === 'empty') return checkEmpty(estimate);
  return [...checkWeight(manifest, estimate, config), ...checkMaterial(manifest.declaration, input.attenuation, input.ratio, pixelMm, span)];
}

function checkEmpty(estimate: MassEstimate): DeclarationFinding[] {
  const emptyAllowance = STRUCTURE_KG_PER_M * estimate.lengthM + ESTIMATE_SLACK_KG;
  return estimate.kg > emptyAllowance
    ? [{ severity: 'red', reason: `Declared empty, but the image shows about ${Math.round(estimate.kg / 100) * 100} kg of cargo` }]
    : [];
}

function checkWeight(manifest: ScanManifest, estimate: MassEstimate, config: Pick<ScangateConfig, 'WEIGHT_TOLERANCE'>): DeclarationFinding[] {
  const estimatedKg = Math.round(estimate.kg / 100) * 100;
  const declaredKg = manifest.declaration.grossWeightKg;
  const allowed = Math.max(config.WEIGHT_TOLERANCE * declaredKg, MIN_WEIGHT_GAP_KG);
  const heavier = estimate.kg - declaredKg > allowed;
  // Where the load was too dense to see through, the estimate is a floor: only "heavier" is evidence.
  const lighter = !estimate.lowerBound && declaredKg - estimate.kg > allowed;
  if (heavier || lighter) {
    return [{ severity: 'yellow', reason: `Declared ${Math.round(declaredKg)} kg, but the image implies about ${estimatedKg} kg` }];
  }
  return [];
}
