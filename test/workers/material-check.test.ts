import { describe, expect, it } from 'vitest';
import { scanManifestSchema } from '../../core/scan-manifest.js';
import { generateScan } from '../../fixtures/generator/index.js';
import type { GenerateOptions } from '../../fixtures/generator/types.js';
import { loadKernels } from '../../kernels/index.js';
import { toModelInput } from '../../models/inference/model-input.js';
import { cargoExcessRatio, checkMaterial } from '../../workers/material-check.js';

const kernels = loadKernels();

function prepared(options: GenerateOptions) {
  const scan = generateScan(options);
  const calibrate = (raw: Uint16Array) => kernels.calibrate(raw, 60000, 0);
  const input = toModelInput(
    kernels,
    { high: calibrate(scan.high), low: scan.low ? calibrate(scan.low) : undefined, width: scan.width, height: scan.height, pixelSizeMm: 5 },
    { modelPixelMm: 20, ratioMinAttenuation: 0.2 },
  );
  return { scan, input, declaration: scanManifestSchema.parse(scan.manifest).declaration };
}

describe('declared goods against the dual-energy material', () => {
  it('when organic goods and steel coils are scanned then their excess ratios sit on either side of the boundaries', () => {
    const produce = prepared({ seed: 41, cargo: 'produce', container: '40ft', anomaly: null });
    const steel = prepared({ seed: 42, cargo: 'steel', container: '20ft', anomaly: null });
    expect(cargoExcessRatio(produce.input.attenuation, produce.input.ratio!, 20)).toBeGreaterThan(1.17);
    expect(cargoExcessRatio(steel.input.attenuation, steel.input.ratio!, 20)).toBeLessThan(1.15);
  });

  it('when a load matches its HS codes then nothing is raised', () => {
    for (const [seed, cargo] of [[43, 'frozen_seafood'], [44, 'textiles'], [45, 'machinery']] as const) {
      const { input, declaration } = prepared({ seed, cargo, anomaly: null });
      expect(checkMaterial(declaration, input.attenuation, input.ratio, 20), cargo).toEqual([]);
    }
  });

  it('when produce is declared as steel coils (a generated HS mismatch) then it is yellow and names the codes', () => {
    const { scan, input, declaration } = prepared({ seed: 6_300_003, anomaly: 'hs-mismatch' });
    expect(scan.truth.cargo).toBe('produce');
    expect(declaration.hsCodes).toEqual(['720839']);
    expect(checkMaterial(declaration, input.attenuation, input.ratio, 20)).toEqual([
      { severity: 'yellow', reason: expect.stringContaining(`HS ${declaration.hsCodes.join(', ')}`) },
    ]);
  });

  it('when the scan is single energy then the material is not judged', () => {
    const { input, declaration } = prepared({ seed: 6_300_003, anomaly: 'hs-mismatch', dualEnergy: false });
    expect(input.ratio).toBeUndefined();
    expect(checkMaterial(declaration, input.attenuation, input.ratio, 20)).toEqual([]);
  });
});
