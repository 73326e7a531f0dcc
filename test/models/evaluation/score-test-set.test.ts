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
    // Two different models, so results filed under the wrong model would not compare equal.
    const dirs = [resolveModelDir(), resolveModelDir('tile-anomaly@1.0.0')];
    const models = [await loadAnomalyModel(dirs[0]), await loadAnomalyModel(dirs[1])];
    await helper.loadModels(dirs);
    const threads: number[] = [];

    const alone = await scoreTestSet(kernels, models, plans, options);
    const shared = await scoreTestSet(kernels, models, plans, options, (plan) => {
      threads.push(plan.seed);
      return helper.testScan(plan, options);
    });

    expect(threads.length).toBeGreaterThan(0);
    expect(threads.length).toBeLessThan(plans.length);
    const withoutTimes = (set: typeof alone) => set.records.map((r) => ({ ...r, verdicts: r.verdicts.map(({ ms: _, ...v }) => v) }));
    expect(withoutTimes(shared)).toEqual(withoutTimes(alone));
    expect(shared.records.map((r) => r.seed)).toEqual(plans.map((p) => p.seed));
    expect(alone.records[0].verdicts[0].raw).not.toBe(alone.records[0].verdicts[1].raw);
    for (const m of [0, 1]) {
      for (const family of ['dense-block', 'organic-brick', 'false-wall', 'irregular-item'] as const) {
        const [a, b] = [alone.pixels[m].get(family)!, shared.pixels[m].get(family)!];
        expect(a.positives, `${m} ${family}`).toBeGreaterThan(0);
        expect([...b.positive], `${m} ${family}`).toEqual([...a.positive]);
        expect([...b.negative], `${m} ${family}`).toEqual([...a.negative]);
      }
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
