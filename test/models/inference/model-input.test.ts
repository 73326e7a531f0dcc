import { describe, expect, it } from 'vitest';
import { generateScan } from '../../../fixtures/generator/index.js';
import { loadKernels } from '../../../kernels/index.js';
import { detectorCorrected, toModelInput, toModelInputFromRaw } from '../../../models/inference/model-input.js';

// Seed 9,300,000+: outside every training, calibration, validation and test range.
const kernels = loadKernels();
const GEOMETRY = { modelPixelMm: 20, ratioMinAttenuation: 0.2 };

describe('model input from raw detector images', () => {
  const scan = generateScan({ seed: 9_300_001, container: '40ft', cargo: 'textiles', dualEnergy: true });
  const dead = (scan.truth.params.detector as { deadRows: number[] }).deadRows;
  const raw = { width: scan.width, height: scan.height, high: scan.high, low: scan.low, air: 60000, dark: 0, pixelSizeMm: 5 };

  it('when the model repairs dead rows then the line each one drew is gone and every other model row is unchanged', () => {
    // A dead row reads dark: ln 60000 ≈ 11 at full resolution, so its model row (4 image rows) sits
    // 1.5–2.75 above what the detector should have seen, along the whole scan.
    const plain = toModelInputFromRaw(kernels, raw, GEOMETRY).attenuation;
    const repaired = toModelInputFromRaw(kernels, raw, { ...GEOMETRY, deadRowRepair: true }).attenuation;
    const lifted = (y: number) => {
      const d = Array.from({ length: plain.width }, (_, x) => plain.data[y * plain.width + x] - repaired.data[y * plain.width + x]).sort((a, b) => a - b);
      return { median: d[d.length >> 1], maxAbs: Math.max(-d[0], d[d.length - 1]) };
    };
    const deadModelRows = new Set(dead.map((y) => Math.floor(y / 4)));

    expect(deadModelRows.size).toBeGreaterThan(0);
    for (let y = 0; y < plain.height; y++) {
      if (deadModelRows.has(y)) expect(lifted(y).median, `model row ${y}`).toBeGreaterThan(1);
      else expect(lifted(y).maxAbs, `model row ${y}`).toBe(0);
    }
  });

  it('when the model repairs dead rows then the fused path equals repairing, calibrating and downsampling step by step', () => {
    const model = { ...GEOMETRY, deadRowRepair: true };
    const corrected = detectorCorrected(kernels, raw, model);

    const fused = toModelInputFromRaw(kernels, raw, model);
    const stepwise = toModelInput(kernels, { ...corrected, high: kernels.calibrate(corrected.high, 60000, 0), low: kernels.calibrate(corrected.low!, 60000, 0) }, model);

    expect(Array.from(fused.attenuation.data)).toEqual(Array.from(stepwise.attenuation.data));
    expect(Array.from(fused.ratio!.data)).toEqual(Array.from(stepwise.ratio!.data));
  });

  it('when the model does not ask for the repair then the raw images pass through untouched', () => {
    expect(detectorCorrected(kernels, raw, { deadRowRepair: false })).toBe(raw);
    expect(detectorCorrected(kernels, raw, { deadRowRepair: true }).high).not.toBe(raw.high);
  });
});
