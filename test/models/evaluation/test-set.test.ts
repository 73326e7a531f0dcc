import { describe, expect, it } from 'vitest';
import { ANOMALY_KINDS, CARGO_KINDS } from '../../../fixtures/generator/index.js';
import { FULL_TEST_SET, isDisjointFromModelSeeds, planTestScans, scaleTestSet } from '../../../models/evaluation/test-set.js';
import { SEED_BASES } from '../../../models/training/dataset.js';

describe('planTestScans', () => {
  it('when the full test set is planned then no seed lies in a training, calibration or validation range', () => {
    const plans = planTestScans(FULL_TEST_SET);
    expect(plans.every((p) => isDisjointFromModelSeeds(p.seed))).toBe(true);
    expect(new Set(plans.map((p) => p.seed)).size).toBe(plans.length);
  });

  it('when the full test set is planned then every cargo kind and all seven families are present', () => {
    const plans = planTestScans(FULL_TEST_SET);
    expect(new Set(plans.filter((p) => p.anomaly === null).map((p) => p.cargo))).toEqual(new Set(CARGO_KINDS));
    expect(new Set(plans.flatMap((p) => (p.anomaly ? [p.anomaly] : [])))).toEqual(new Set(ANOMALY_KINDS));
    expect(plans.filter((p) => p.anomaly === null)).toHaveLength(1000);
  });

  it('when a quick run scales the set down then each cargo kind and family keeps at least one scan', () => {
    const plan = scaleTestSet(FULL_TEST_SET, 0.001);
    expect(plan.normalScans).toBe(CARGO_KINDS.length);
    expect(plan.scansPerFamily).toBe(1);
  });
});

describe('isDisjointFromModelSeeds', () => {
  it('when a seed is in a split range then it is rejected', () => {
    for (const base of Object.values(SEED_BASES)) expect(isDisjointFromModelSeeds(base + 123)).toBe(false);
    expect(isDisjointFromModelSeeds(8_000_000)).toBe(true);
  });
});
