/**
 * Image-versus-declaration checks: the cargo mass the attenuation implies against the declared
 * weight, and cargo in a container declared empty.
 */
import type { ScangateConfig } from '../core/config.js';
import type { ScanManifest } from '../core/scan-manifest.js';
import type { Plane } from '../kernels/index.js';
import type { DeclarationFinding } from './risk-fusion.js';
import { estimateCargoMassKg } from './mass-estimate.js';

/** Below this, a container declared empty is taken to be empty (dunnage, debris, estimate noise). */
const EMPTY_CONTAINER_MAX_KG = 400;

export function checkDeclaration(
  manifest: ScanManifest,
  attenuation: Plane,
  pixelMm: number,
  config: Pick<ScangateConfig, 'WEIGHT_TOLERANCE'>,
): DeclarationFinding[] {
  const estimatedKg = estimateCargoMassKg(attenuation, pixelMm);
  const declaredKg = manifest.declaration.grossWeightKg;
  const declaredEmpty = manifest.declaration.category === 'empty';
  if (declaredEmpty) {
    return estimatedKg > EMPTY_CONTAINER_MAX_KG
      ? [{ severity: 'red', reason: `Declared empty, but the image shows about ${Math.round(estimatedKg)} kg of cargo` }]
      : [];
  }
  const gap = Math.abs(estimatedKg - declaredKg) / Math.max(declaredKg, 1000);
  if (gap > config.WEIGHT_TOLERANCE) {
    return [{ severity: 'yellow', reason: `Declared ${Math.round(declaredKg)} kg, but the image implies about ${Math.round(estimatedKg)} kg` }];
  }
  return [];
}
