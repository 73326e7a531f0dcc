import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../core/errors.js';
import type { GenerateOptions } from '../../../fixtures/generator/index.js';
import { loadKernels } from '../../../kernels/index.js';
import { loadAnomalyModel, type AnomalyModel } from '../../../models/inference/anomaly-model.js';
import { expectDenseBlockFlagged, modelScan } from '../../support/model-scan.js';

// Seeds from 9,000,000 up lie outside the training, calibration and validation ranges.
const YELLOW_P = 0.05;
const RED_P = 0.01;

describe('loadAnomalyModel (tile-anomaly)', () => {
  let model: AnomalyModel;
  const kernels = loadKernels();

  const prepare = (options: GenerateOptions, dual = true) => modelScan(kernels, model, options, dual);

  beforeAll(async () => {
    model = await loadAnomalyModel('tile-anomaly@1.0.0');
  });

  it('when loaded by spec then it serves the contract geometry', () => {
    expect(model.name).toBe('tile-anomaly');
    expect(model.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(model.modelPixelMm).toBe(20);
    expect(model.tileSize).toBe(16);
  });

  it('when normal scans are scored then they stay below the yellow threshold', async () => {
    for (const options of [
      { seed: 9_000_000, cargo: 'textiles' },
      { seed: 9_000_002, cargo: 'produce' },
    ] as const) {
      const { input } = prepare(options);

      const out = await model.score(input);

      expect(out.pValue, `seed ${options.seed}`).toBeGreaterThan(YELLOW_P);
    }
  });

  it('when an obvious dense block is hidden in the load then it scores red and a finding covers it', async () => {
    for (const options of [
      { seed: 9_000_006, cargo: 'textiles' },
      { seed: 9_000_009, cargo: 'frozen_seafood' },
    ] as const) {
      const out = await expectDenseBlockFlagged(kernels, model, options, RED_P);

      expect(out.calibratedScore).toBeCloseTo(100 * (1 - out.pValue), 9);
    }
  });

  it('when a scan is scored then the heatmap matches the input plane and lies in [0, 1]', async () => {
    const { input } = prepare({ seed: 9_000_003, cargo: 'general' });

    const out = await model.score(input);

    expect(out.heatmap.width).toBe(input.attenuation.width);
    expect(out.heatmap.height).toBe(input.attenuation.height);
    expect(out.heatmap.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(out.pValue).toBeGreaterThan(0);
    expect(out.pValue).toBeLessThanOrEqual(1);
    for (const { box } of out.findings) {
      expect(box.x + box.w).toBeLessThanOrEqual(input.attenuation.width);
      expect(box.y + box.h).toBeLessThanOrEqual(input.attenuation.height);
    }
  });

  it('when a single-energy scan is scored then it is calibrated against single-energy scores', async () => {
    const { input } = prepare({ seed: 9_000_000, cargo: 'textiles' }, false);

    const out = await model.score(input);

    expect(input.ratio).toBeUndefined();
    expect(out.pValue).toBeGreaterThan(YELLOW_P);
  });

  it('when the ratio plane does not match the attenuation plane then a ValidationError says so', async () => {
    const attenuation = { data: new Float32Array(40 * 20), width: 40, height: 20 };
    const ratio = { data: new Float32Array(10), width: 5, height: 2 };

    await expect(model.score({ attenuation, ratio })).rejects.toThrow(ValidationError);
    await expect(model.score({ attenuation, ratio })).rejects.toThrow('Expected 40x20 like attenuation for ratio size but received "5x2"');
  });

  it('when a version that does not exist is asked for then a NotFoundError names it and the versions there are', async () => {
    await expect(loadAnomalyModel('tile-anomaly@9.9.9')).rejects.toThrow(NotFoundError);
    await expect(loadAnomalyModel('tile-anomaly@9.9.9')).rejects.toThrow(/Model tile-anomaly@9\.9\.9 not found .*available versions: 1\.0\.0/);
  });
});
