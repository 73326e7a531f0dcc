import { describe, expect, it } from 'vitest';
import { generateScan } from '../../../fixtures/generator/index.js';
import { Rng } from '../../../fixtures/generator/prng.js';
import { loadKernels } from '../../../kernels/index.js';
import { DENSITY_SURVEY, summariseSurvey, surveyDensity, surveySpot } from '../../../models/evaluation/density-survey.js';
import { loadAnomalyModel } from '../../../models/inference/anomaly-model.js';
import { blockFound, generatedModelInput } from '../../../models/evaluation/density-probe.js';
import { findCargoRegion } from '../../../models/inference/cargo-region.js';
import { toModelInputFromRaw } from '../../../models/inference/model-input.js';

describe('denser-block survey', () => {
  it('when loads are tallied then each density counts its found loads and only a block found then missed denser counts as lost', () => {
    const survey = summariseSurvey(
      [
        [true, false, false], // found, then lost
        [true, true, true],
        [false, true, true], // found late, kept
        [false, false, false], // never found: neither kept nor lost
        [false, true, false], // found, then lost
      ],
      [1, 3, 6],
      6,
    );

    expect(survey.loads).toBe(5);
    expect(survey.tried).toBe(6);
    expect(survey.flagged).toEqual([{ added: 1, share: 0.4 }, { added: 3, share: 0.6 }, { added: 6, share: 0.4 }]);
    expect(survey.foundOnce).toBe(4);
    expect(survey.lostAsDenser).toBe(2);
  });

  it('when a finding box overlaps the block by a pixel then it is found, and not when it only touches it', () => {
    const block = { x: 10, y: 20, side: 6 };
    const at = (x: number, y: number, w = 4, h = 4) => [{ box: { x, y, w, h } }];

    expect(blockFound(at(15, 25), block)).toBe(true);
    expect(blockFound(at(7, 17), block)).toBe(true);
    expect(blockFound(at(16, 20), block)).toBe(false);
    expect(blockFound(at(6, 20), block)).toBe(false);
    expect(blockFound(at(10, 26), block)).toBe(false);
    expect(blockFound(at(10, 16), block)).toBe(false);
    expect(blockFound([], block)).toBe(false);
  });

  it('when a spot is drawn then the block lies inside the container on matter the beam still crosses', () => {
    const kernels = loadKernels();
    const geometry = { modelPixelMm: 20, ratioMinAttenuation: 0.2, deadRowRepair: true };
    const rng = new Rng(3);
    for (let i = 0; i < 4; i++) {
      const input = generatedModelInput(kernels, geometry, DENSITY_SURVEY.seedBase + i, DENSITY_SURVEY.cargos[i]);
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
    expect(survey.tried).toBe(3);
    expect(survey.lostAsDenser).toBeLessThanOrEqual(survey.foundOnce);
    expect(survey.flagged.map((f) => f.added)).toEqual([...DENSITY_SURVEY.added]);
    for (const { share } of survey.flagged) expect([0, 1 / 3, 2 / 3, 1]).toContainEqual(expect.closeTo(share, 9));
  }, 60_000);
});
