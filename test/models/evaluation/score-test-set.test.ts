import { afterAll, describe, expect, it } from 'vitest';
import { loadKernels } from '../../../kernels/index.js';
import { loadAnomalyModel } from '../../../models/inference/anomaly-model.js';
import { resolveModelDir } from '../../../models/io/model-registry.js';
import { scoreTestSet } from '../../../models/evaluation/score-test-set.js';
import { planTestScans } from '../../../models/evaluation/test-set.js';
import { ScoringHelper } from '../../../models/training/scoring-helper.js';

const kernels = loadKernels();
const options = { thresholds: { yellowPValue: 0.05, redPValue: 0.01 }, weightTolerance: 0.35 };
// Two normal scans and one of each family with a pixel mask: enough for both lanes to take several scans.
const plans = planTestScans({ normalScans: 2, scansPerFamily: 1, families: ['dense-block', 'organic-brick', 'false-wall', 'irregular-item'] });

describe('scoreTestSet', () => {
  const helper = ScoringHelper.start();
  afterAll(() => helper.close());

  it('when part of the scans are scored on the helper thread then every record and pixel count equals the one-thread run', async () => {
    const dir = resolveModelDir();
    const model = await loadAnomalyModel(dir);
    await helper.loadModels([dir]);
    const threads: number[] = [];

    const alone = await scoreTestSet(kernels, [model], plans, options);
    const shared = await scoreTestSet(kernels, [model], plans, options, (plan) => {
      threads.push(plan.seed);
      return helper.testScan(plan, options);
    });

    expect(threads.length).toBeGreaterThan(0);
    expect(threads.length).toBeLessThan(plans.length);
    const withoutTimes = (set: typeof alone) => set.records.map((r) => ({ ...r, verdicts: r.verdicts.map(({ ms: _, ...v }) => v) }));
    expect(withoutTimes(shared)).toEqual(withoutTimes(alone));
    expect(shared.records.map((r) => r.seed)).toEqual(plans.map((p) => p.seed));
    for (const family of ['dense-block', 'organic-brick', 'false-wall', 'irregular-item'] as const) {
      const [a, b] = [alone.pixels[0].get(family)!, shared.pixels[0].get(family)!];
      expect(a.positives, family).toBeGreaterThan(0);
      expect([...b.positive], family).toEqual([...a.positive]);
      expect([...b.negative], family).toEqual([...a.negative]);
    }
  });

  it('when the helper has no models loaded then scoring a test scan names the cause', async () => {
    const fresh = ScoringHelper.start();
    try {
      await expect(fresh.testScan(plans[0], options)).rejects.toThrow(/no models loaded/);
    } finally {
      await fresh.close();
    }
  });
});
