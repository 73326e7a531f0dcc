import { describe, expect, it } from 'vitest';
import { scanManifestSchema } from '../../../core/scan-manifest.js';
import { ANOMALY_KINDS, CARGO_KINDS, generateScan } from '../../../fixtures/generator/index.js';
import { loadKernels } from '../../../kernels/index.js';
import {
  addedAttenuation, FULL_TEST_SET, FULL_VALIDATION_SET, generateTestScan, isDisjointFromModelSeeds, planTestScans, REACH_FAMILIES, scaleTestSet,
} from '../../../models/evaluation/test-set.js';
import { SEED_BASES } from '../../../models/training/dataset.js';
import { SEG_TRAIN_CONFIG } from '../../../models/training/seg-train-config.js';

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

  it('when the validation set is planned then its seeds are validation seeds no training run validates on, none in the test set', () => {
    const plans = planTestScans(FULL_VALIDATION_SET);
    const { normalScans, anomalyKinds, scansPerKind } = SEG_TRAIN_CONFIG.validation;
    const trainingValidationEnd = SEED_BASES.validation + normalScans + anomalyKinds.length * scansPerKind;
    const test = new Set(planTestScans(FULL_TEST_SET).map((p) => p.seed));

    expect(plans.every((p) => p.seed >= trainingValidationEnd && p.seed < SEED_BASES.validation + 1_000_000)).toBe(true);
    expect(plans.some((p) => test.has(p.seed))).toBe(false);
    expect(plans.filter((p) => p.anomaly === 'dense-block')).toHaveLength(100);
  });

  it('when a validation plan would run past the validation million then it is refused', () => {
    expect(() => planTestScans({ ...FULL_VALIDATION_SET, normalScans: 400_001, scansPerFamily: 0 })).toThrow('Expected at most 400000 scans from seed 3600000 but received 400001');
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

describe('how much of an anomaly reaches the detector', () => {
  const kernels = loadKernels();
  // Seeds from 9,400,000 up: outside every training, calibration, validation and test range.
  const levels = { airValue: 60000, darkValue: 0, pixelSizeMm: 5 };

  it('when an obvious dense block is hidden in textiles then it adds well over 2 and the clean scan adds nothing', () => {
    const scan = generateScan({ seed: 9_400_001, cargo: 'textiles', anomaly: 'dense-block', contrast: 1, dualEnergy: true });
    const clean = generateScan({ seed: 9_400_001, cargo: scan.truth.cargo, anomaly: null, dualEnergy: true });
    const manifest = scanManifestSchema.parse(scan.manifest);

    const added = addedAttenuation(kernels, kernels.calibrate(scan.high, 60000, 0), 9_400_001, scan.truth.cargo, manifest, scan.width, scan.height);
    const none = addedAttenuation(kernels, kernels.calibrate(clean.high, 60000, 0), 9_400_001, scan.truth.cargo, manifest, scan.width, scan.height);

    expect(manifest).toMatchObject(levels);
    expect(added).toBeGreaterThan(2);
    expect(none).toBe(0);
  });

  it('when test scans are generated then only the families drawn into an unchanged load carry the figure', () => {
    const block = generateTestScan(kernels, { seed: 9_400_002, cargo: 'electronics', anomaly: 'dense-block' });
    const wall = generateTestScan(kernels, { seed: 9_400_003, cargo: 'general', anomaly: 'false-wall' });

    expect(REACH_FAMILIES).toContain('dense-block');
    expect(block.addedAttenuation).toBeGreaterThan(0);
    expect(wall.addedAttenuation).toBeUndefined();
  });
});
