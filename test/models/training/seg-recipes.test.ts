import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATOR_VERSION } from '../../../fixtures/generator/index.js';
import { listVersions, MODELS_ROOT } from '../../../models/io/model-registry.js';
import { describeAnomalyScans, describeLayers, describeSchedule } from '../../../models/training/seg-model-card.js';
import { reproduceCommand, SEG_RECIPE_VERSIONS, segRecipe } from '../../../models/training/seg-recipes.js';
import { segMeta } from '../../../models/training/seg-run.js';
import { SEG_TRAIN_CONFIG } from '../../../models/training/seg-train-config.js';

const installed = (version: string, file: string) => readFileSync(path.join(MODELS_ROOT, 'conv-seg', version, file), 'utf8');

describe('conv-seg recipes', () => {
  it('when the installed versions are listed then every one from 1.3.0 on has a recipe', () => {
    const all = listVersions('conv-seg');
    const versions = all.slice(all.indexOf('1.3.0'));

    expect(versions.length).toBeGreaterThan(0);
    expect([...SEG_RECIPE_VERSIONS].sort()).toEqual(versions.sort());
  });

  it('when a version has no recipe then it is refused with the known versions named', () => {
    expect(() => segRecipe('1.2.0')).toThrow(/"1\.2\.0".*1\.8\.0/);
  });

  // A generator change without a retrained default would leave npm run train making other weights than the installed ones.
  it("when today's version is installed then its meta names today's generator, and the versions before 1.11.0 name none (1.2.0)", () => {
    const generatorOf = (version: string) => (JSON.parse(installed(version, 'meta.json')) as { generatorVersion?: string }).generatorVersion;

    expect(generatorOf(SEG_TRAIN_CONFIG.version)).toBe(GENERATOR_VERSION);
    expect(segMeta(SEG_TRAIN_CONFIG).generatorVersion).toBe(GENERATOR_VERSION);
    for (const version of ['1.3.0', '1.8.0', '1.10.0']) expect(generatorOf(version), version).toBeUndefined();
  });

  it("when today's version is asked for then it is the config npm run train uses", () => {
    expect(segRecipe(SEG_TRAIN_CONFIG.version)).toBe(SEG_TRAIN_CONFIG);
  });

  it("when a run is described then options and an output directory appear only for another version's recipe or an override, and a scaled run names its scaling", () => {
    expect(reproduceCommand({ recipe: SEG_TRAIN_CONFIG.version })).toBe('npm run train');
    expect(reproduceCommand({ recipe: '1.7.0' })).toBe('npm run train -- --recipe 1.7.0 --out <dir>');
    expect(reproduceCommand({ recipe: '1.9.0', override: '{"fit":{"hottestCellWeight":64}}' })).toBe(`npm run train -- --recipe 1.9.0 --override '{"fit":{"hottestCellWeight":64}}' --out <dir>`);
    // An override names its recipe even when it is today's: the command must mean the same after the default moves on.
    expect(reproduceCommand({ recipe: SEG_TRAIN_CONFIG.version, override: '{}' })).toBe(`npm run train -- --recipe ${SEG_TRAIN_CONFIG.version} --override '{}' --out <dir>`);
    expect(reproduceCommand({ recipe: SEG_TRAIN_CONFIG.version, scaled: '--quick' })).toBe('npm run train -- --quick');
  });

  describe.each(SEG_RECIPE_VERSIONS)('version %s', (version) => {
    const recipe = segRecipe(version);
    const card = installed(version, 'card.md');

    // A recipe trains on today's generator; the meta records which one the installed weights saw (absent: 1.2.0).
    it('when its meta is rebuilt from the recipe then it equals the installed meta.json but for calibration, training and the generator version', () => {
      const { calibration: _c, training, generatorVersion: _g, ...stored } = JSON.parse(installed(version, 'meta.json')) as Record<string, unknown>;
      const { calibration: _r, generatorVersion: _t, ...rebuilt } = segMeta(recipe);

      expect(rebuilt).toEqual(stored);
      expect(training).toEqual({ anomalyKinds: recipe.trainingAnomalies.kinds });
    });

    it("when its layers are read off the recipe then they are the installed weights' filter counts", () => {
      const manifest = JSON.parse(installed(version, 'model.json')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
      const kernels = manifest.weightsManifest[0].weights.filter((w) => /^conv_\d+\/kernel$/.test(w.name));

      expect(kernels.map((w) => w.shape[3])).toEqual(recipe.layers.map(([filters]) => filters));
      expect(card).toContain(describeLayers(recipe));
    });

    it('when the card states how it was trained then the recipe says the same', () => {
      expect(card).toContain(describeSchedule(recipe));
      expect(card).toContain(`Normal: ${recipe.trainingScans} scans`);
      expect(card).toContain(`Generator anomalies: ${describeAnomalyScans(recipe)} (seeds`);
      expect(card).toContain(`## Calibration\n${recipe.calibrationScans} held-out normal scans`);
      expect(card).toContain(`Crops ${recipe.crops.size} × ${recipe.crops.size} px: ${(100 * recipe.crops.anomalyShare).toFixed(1)} % around a generator anomaly`);
      expect(card).toContain(`(${recipe.crops.hardShare === 0.5 ? 'half' : `${(100 * recipe.crops.hardShare).toFixed(1)} %`} of those on mined hard negatives`);
      expect(card).toContain(`into normal crops (${(100 * recipe.crops.injectedShare).toFixed(1)} % of crops)`);
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
