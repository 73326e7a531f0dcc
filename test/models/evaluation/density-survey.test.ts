import { describe, expect, it } from 'vitest';
import { generateScan } from '../../../fixtures/generator/index.js';
import { Rng } from '../../../fixtures/generator/prng.js';
import { loadKernels } from '../../../kernels/index.js';
import { DENSITY_SURVEY, summariseSurvey, surveyDensity, surveySpot } from '../../../models/evaluation/density-survey.js';
import { loadAnomalyModel } from '../../../models/inference/anomaly-model.js';
import { findCargoRegion } from '../../../models/inference/cargo-region.js';
import { toModelInputFromRaw } from '../../../models/inference/model-input.js';

describe('denser-block survey', () => {
  it('when loads are tallied then each density counts its flagged loads and a block lost as it gets denser is not kept', () => {
    const survey = summariseSurvey(
      [
        [true, false, false], // found, then lost
        [true, true, true],
        [false, true, true], // found late, kept
        [false, false, false],
      ],
      [1, 3, 6],
    );

    expect(survey.loads).toBe(4);
    expect(survey.flagged).toEqual([{ added: 1, share: 0.5 }, { added: 3, share: 0.5 }, { added: 6, share: 0.5 }]);
    expect(survey.keptAsDenser).toBe(0.75);
  });

  it('when a spot is drawn then the block lies inside the container on matter the beam still crosses', () => {
    const kernels = loadKernels();
    const geometry = { modelPixelMm: 20, ratioMinAttenuation: 0.2, deadRowRepair: true };
    const rng = new Rng(3);
    for (let i = 0; i < 4; i++) {
      const scan = generateScan({ seed: DENSITY_SURVEY.seedBase + i, cargo: DENSITY_SURVEY.cargos[i], dualEnergy: true });
      const input = toModelInputFromRaw(kernels, { width: scan.width, height: scan.height, high: scan.high, low: scan.low, air: scan.manifest.airValue ?? 60000, dark: scan.manifest.darkValue ?? 0, pixelSizeMm: 5 }, geometry);
      const region = findCargoRegion(input.attenuation, 20)!;

      const block = surveySpot(input, region, rng)!;

      expect(block, `load ${i}`).toBeDefined();
      expect(block.x).toBeGreaterThanOrEqual(region.x0 + 2);
      expect(block.x + block.side).toBeLessThanOrEqual(region.x1 - 2);
      expect(block.y).toBeGreaterThanOrEqual(region.y0 + 2);
      expect(block.y + block.side).toBeLessThanOrEqual(region.y1 - 2);
      for (let y = block.y; y < block.y + block.side; y++) {
        for (let x = block.x; x < block.x + block.side; x++) {
          const p = y * input.attenuation.width + x;
          expect(input.ratio!.data[p]).toBeGreaterThan(0);
          expect(input.attenuation.data[p]).toBeLessThanOrEqual(DENSITY_SURVEY.maxAttenuation);
        }
      }
    }
    // A single-energy scan has no ratio to say where matter is: no spot.
    const scan = generateScan({ seed: DENSITY_SURVEY.seedBase, cargo: 'textiles', dualEnergy: true });
    const single = toModelInputFromRaw(kernels, { width: scan.width, height: scan.height, high: scan.high, air: 60000, dark: 0, pixelSizeMm: 5 }, geometry);
    expect(surveySpot(single, undefined, rng)).toBeUndefined();
  });

  it('when the default model is surveyed on a few loads then every load is scored at each density', async () => {
    const model = await loadAnomalyModel(undefined, { backend: 'wasm' });
    const progress: number[] = [];

    const survey = await surveyDensity(loadKernels(), model, 3, (done) => progress.push(done));

    expect(progress).toEqual([1, 2, 3]);
    expect(survey.loads).toBe(3);
    expect(survey.flagged.map((f) => f.added)).toEqual([...DENSITY_SURVEY.added]);
    for (const { share } of survey.flagged) expect([0, 1 / 3, 2 / 3, 1]).toContainEqual(expect.closeTo(share, 9));
  }, 60_000);
});
