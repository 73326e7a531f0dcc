import { describe, expect, it } from 'vitest';
import { GENERATOR_VERSION } from '../../../fixtures/generator/version.js';
import { scoreMetrics } from '../../../models/evaluation/evaluation-report.js';
import { segLeaveOneOutConfig, segLeaveOneOutRecipe } from '../../../models/evaluation/leave-one-out-seg.js';
import { renderLeaveOneOut, type LeaveOneOutRun } from '../../../models/evaluation/leave-one-out.js';
import { segRecipe } from '../../../models/training/seg-recipes.js';

const separable = scoreMetrics([0, 1, 2, 3], [5, 6], 20);
const mixed = scoreMetrics([0, 1, 2, 3], [1.5, 6], 20);

describe('renderLeaveOneOut', () => {
  const runs: LeaveOneOutRun[] = [
    { excluded: 'all', trainedOn: ['dense-block', 'irregular-item'], byFamily: new Map([['dense-block', separable], ['irregular-item', separable]]), fitSeconds: 10 },
    { excluded: 'dense-block', trainedOn: ['irregular-item'], byFamily: new Map([['dense-block', mixed], ['irregular-item', separable]]), fitSeconds: 9 },
  ];
  const markdown = renderLeaveOneOut(runs, { command: 'test', trainingScale: 0.35, seconds: 60, recipe: { name: 'tile-anomaly', description: 'The tile network.', neverTrained: ['false-wall'] } });

  it('when a family is left out then its own cell is bold and the others are not', () => {
    const denseRow = markdown.split('\n').find((l) => l.startsWith('| dense-block |'))!;
    expect(denseRow).toMatch(/\| 1\.000 \[[^\]]+\]; 100\.0 %[^|]*\| \*\*0\.750/);
    const irregularRow = markdown.split('\n').find((l) => l.startsWith('| irregular-item |'))!;
    expect(irregularRow).not.toContain('**');
  });

  it('when rendered then the header names each network and the training scale', () => {
    expect(markdown).toContain('| test family | all families | without dense-block |');
    expect(markdown).toContain('at 35 % of the training data');
    expect(markdown).toContain('(tile-anomaly recipe)');
    expect(markdown).toContain(`on fixture generator ${GENERATOR_VERSION}.`);
    expect(markdown).toContain('false-wall is in no run.');
  });
});

describe('segLeaveOneOutRecipe', () => {
  it("when a conv-seg version is left out family by family then its own recipe is retrained at the data's scale, not today's config", () => {
    const config = segLeaveOneOutConfig('1.7.0', 0.35);

    // 1.7.0 trained 3 000 steps (today's config 5 000); 35 % of them, decay and averaging moved in proportion.
    expect(config.fit.steps).toBe(1050);
    expect(config.fit.decaySteps).toEqual([700, 910]);
    expect(config.fit.average).toEqual({ from: 700, every: 4 });
    expect(config.trainingScans).toBe(Math.round(0.35 * segRecipe('1.7.0').trainingScans));
    expect(segLeaveOneOutRecipe('1.7.0').description).toContain('conv-seg 1.7.0');
  });

  it('when the recipe trains on three families then the fourth is the one every run holds out', () => {
    expect(segLeaveOneOutRecipe('1.8.0').neverTrained).toEqual(['irregular-item']);
  });

  it('when the version has no recipe then it is refused before any training', () => {
    expect(() => segLeaveOneOutRecipe('1.1.0')).toThrow(/"1\.1\.0"/);
  });
});
