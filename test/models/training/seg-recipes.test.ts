import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_ROOT } from '../../../models/io/model-registry.js';
import { describeAnomalyScans, describeLayers, describeSchedule, reproduceCommand } from '../../../models/training/seg-model-card.js';
import { SEG_RECIPE_VERSIONS, segRecipe } from '../../../models/training/seg-recipes.js';
import { segMeta } from '../../../models/training/seg-run.js';
import { SEG_TRAIN_CONFIG } from '../../../models/training/seg-train-config.js';

const installed = (version: string, file: string) => readFileSync(path.join(MODELS_ROOT, 'conv-seg', version, file), 'utf8');
const semver = (v: string) => v.split('.').map(Number);
const atLeast = (v: string, min: string) => {
  const [a, b] = [semver(v), semver(min)];
  const i = a.findIndex((x, k) => x !== b[k]);
  return i < 0 || a[i]! > b[i]!;
};

describe('conv-seg recipes', () => {
  it('when the installed versions are listed then every one from 1.3.0 on has a recipe', () => {
    const versions = readdirSync(path.join(MODELS_ROOT, 'conv-seg')).filter((v) => atLeast(v, '1.3.0'));

    expect(versions.length).toBeGreaterThan(0);
    expect([...SEG_RECIPE_VERSIONS].sort()).toEqual(versions.sort());
  });

  it('when a version has no recipe then it is refused with the known versions named', () => {
    expect(() => segRecipe('1.2.0')).toThrow(/"1\.2\.0".*1\.8\.0/);
  });

  it("when today's version is asked for then it is the config npm run train uses", () => {
    expect(segRecipe(SEG_TRAIN_CONFIG.version)).toBe(SEG_TRAIN_CONFIG);
  });

  it('when a run is described then only a recipe other than today\'s or an override needs options and an output directory', () => {
    expect(reproduceCommand({ recipe: SEG_TRAIN_CONFIG.version })).toBe('npm run train');
    expect(reproduceCommand({ recipe: '1.7.0' })).toBe('npm run train -- --recipe 1.7.0 --out <dir>');
    expect(reproduceCommand({ recipe: '1.9.0', override: '{"fit":{"hottestCellWeight":64}}' })).toBe(`npm run train -- --recipe 1.9.0 --override '{"fit":{"hottestCellWeight":64}}' --out <dir>`);
  });

  describe.each(SEG_RECIPE_VERSIONS)('version %s', (version) => {
    const recipe = segRecipe(version);
    const card = installed(version, 'card.md');

    it('when its meta is rebuilt from the recipe then it equals the installed meta.json but for calibration and training', () => {
      const { calibration: _c, training: _t, ...stored } = JSON.parse(installed(version, 'meta.json')) as Record<string, unknown>;
      const { calibration: _r, ...rebuilt } = segMeta(recipe);

      expect(rebuilt).toEqual(stored);
    });

    it("when its layers are read off the recipe then they are the installed weights' filter counts", () => {
      const manifest = JSON.parse(installed(version, 'model.json')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
      const kernels = manifest.weightsManifest[0]!.weights.filter((w) => /^conv_\d+\/kernel$/.test(w.name));

      expect(kernels.map((w) => w.shape[3])).toEqual(recipe.layers.map(([filters]) => filters));
      expect(card).toContain(describeLayers(recipe));
    });

    it('when the card states how it was trained then the recipe says the same', () => {
      expect(card).toContain(describeSchedule(recipe));
      expect(card).toContain(`Normal: ${recipe.trainingScans} scans`);
      expect(card).toContain(`Generator anomalies: ${describeAnomalyScans(recipe)} (seeds`);
      expect(card.includes('each step shared by two threads')).toBe(recipe.fit.twoThreadSteps);
      const average = recipe.fit.average;
      expect(card.includes('(weight averaging, SWA)')).toBe(Boolean(average));
      if (average) expect(card).toContain(`every ${average.every} steps from step ${average.from}`);
      const minAdded = recipe.trainingAnomalies.minAddedAttenuation;
      expect(card.includes('and so are mask cells where the anomaly adds less than')).toBe(minAdded != null);
      if (minAdded != null) expect(card).toContain(`adds less than ${minAdded} to the high-energy attenuation`);
      expect(card).toContain(`Reproduce: \`${reproduceCommand({ recipe: version })}\``);
    });
  });
});
