import { describe, expect, it } from 'vitest';
import { scanManifestSchema } from '../../core/scan-manifest.js';
import { generateScan } from '../../fixtures/generator/index.js';
import type { CargoKind } from '../../fixtures/generator/types.js';
import { referenceKernels } from '../../kernels/index.js';
import { checkDeclaration } from '../../workers/declaration-checks.js';
import { estimateCargoMass } from '../../workers/mass-estimate.js';

function modelPlane(seed: number, cargo: CargoKind, anomaly: 'cargo-in-empty' | 'weight-mismatch' | null = null) {
  const scan = generateScan({ seed, cargo, container: '40ft', anomaly, cab: true });
  const att = referenceKernels.calibrate(scan.high, 60000, 0);
  return { scan, plane: { attenuation: referenceKernels.downsampleArea(att, scan.width, scan.height, 4) }, manifest: scanManifestSchema.parse(scan.manifest) };
}

describe('cargo mass and declaration checks', () => {
  it('when a generated 40 ft load behind a cab is scanned then the estimated mass is within 15% or 1.5 t of the loaded mass', () => {
    for (const [seed, cargo] of [[71, 'frozen_seafood'], [72, 'produce'], [73, 'textiles']] as const) {
      const { scan, plane } = modelPlane(seed, cargo);
      const truth = (scan.truth.params as { cargoMassKg: number }).cargoMassKg;
      const { kg } = estimateCargoMass(plane.attenuation, 20);
      expect(Math.abs(kg - truth)).toBeLessThan(Math.max(0.15 * truth, 1500));
    }
  });

  it('when a normal scan is checked then no declaration finding is raised', () => {
    const { manifest, plane } = modelPlane(81, 'frozen_seafood');
    expect(checkDeclaration(manifest, plane, 20, { WEIGHT_TOLERANCE: 0.35 })).toEqual([]);
  });

  it('when a loaded container is declared empty then the check is red', () => {
    const { manifest, plane } = modelPlane(82, 'frozen_seafood');
    const declaredEmpty = { ...manifest, declaration: { ...manifest.declaration, category: 'empty' as const, grossWeightKg: 0 } };
    expect(checkDeclaration(declaredEmpty, plane, 20, { WEIGHT_TOLERANCE: 0.35 })).toEqual([
      { severity: 'red', reason: expect.stringMatching(/^Declared empty, but the image shows about \d+ kg/) },
    ]);
  });

  it('when an empty container is declared empty then nothing is raised, and when it holds undeclared cargo then it is red', () => {
    const empty = modelPlane(84, 'empty');
    expect(checkDeclaration(empty.manifest, empty.plane, 20, { WEIGHT_TOLERANCE: 0.35 })).toEqual([]);
    const loaded = modelPlane(85, 'empty', 'cargo-in-empty');
    const truthKg = (loaded.scan.truth.params as { anomalyMassKg: number; cargoMassKg: number });
    expect(loaded.manifest.declaration.category).toBe('empty');
    expect(checkDeclaration(loaded.manifest, loaded.plane, 20, { WEIGHT_TOLERANCE: 0.35 }), JSON.stringify(truthKg)).toEqual([
      { severity: 'red', reason: expect.stringMatching(/^Declared empty, but the image shows about \d+ kg/) },
    ]);
  });

  it('when the declared weight is a fraction of the load then the check is yellow', () => {
    const { manifest, plane } = modelPlane(83, 'frozen_seafood');
    const light = { ...manifest, declaration: { ...manifest.declaration, grossWeightKg: 2000 } };
    expect(checkDeclaration(light, plane, 20, { WEIGHT_TOLERANCE: 0.35 })).toEqual([{ severity: 'yellow', reason: expect.stringContaining('Declared 2000 kg') }]);
  });
});
