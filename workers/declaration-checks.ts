/**
 * Image-versus-declaration checks: the cargo mass the attenuation implies against the declared
 * weight, and cargo in a container declared empty. The estimate carries the vehicle's own
 * structure (corner posts, reefer units, a cab) of up to a few tonnes, hence the absolute slack.
 */
import type { ScangateConfig } from '../core/config.js';
import type { ScanManifest } from '../core/scan-manifest.js';
import type { Plane } from '../kernels/index.js';
import { estimateCargoMass } from './mass-estimate.js';
import type { DeclarationFinding } from './risk-fusion.js';

/** Structure the estimate cannot tell from cargo (measured on generated empty trucks: 2–3.5 t). */
const STRUCTURE_SLACK_KG = 4000;

export function checkDeclaration(
  manifest: ScanManifest,
  attenuation: Plane,
  pixelMm: number,
  config: Pick<ScangateConfig, 'WEIGHT_TOLERANCE'>,
): DeclarationFinding[] {
  const estimate = estimateCargoMass(attenuation, pixelMm);
  const estimatedKg = Math.round(estimate.kg / 100) * 100;
  const declaredKg = manifest.declaration.grossWeightKg;
  if (manifest.declaration.category === 'empty') {
    return estimate.kg > STRUCTURE_SLACK_KG
      ? [{ severity: 'red', reason: `Declared empty, but the image shows about ${estimatedKg} kg of cargo` }]
      : [];
  }
  const allowed = Math.max(config.WEIGHT_TOLERANCE * declaredKg, STRUCTURE_SLACK_KG);
  const heavier = estimate.kg - declaredKg > allowed;
  // Where the load was too dense to see through, the estimate is a floor: only "heavier" is evidence.
  const lighter = !estimate.lowerBound && declaredKg - estimate.kg > allowed;
  if (heavier || lighter) {
    return [{ severity: 'yellow', reason: `Declared ${Math.round(declaredKg)} kg, but the image implies about ${estimatedKg} kg` }];
  }
  return [];
}
