import { describe, expect, it } from 'vitest';
import { loadKernels } from '../../../kernels/index.js';
import { anomalySeedIndex, collectSegScans } from '../../../models/training/seg-run.js';
import { anomalyScansOf, mergeConfig, scaleSegConfig, SEG_TRAIN_CONFIG } from '../../../models/training/seg-train-config.js';
import { ANOMALY_OFFSET } from '../../../models/training/training-run.js';

describe('conv-seg training config', () => {
  it('when overrides are merged then nested options keep their siblings and top-level values are replaced', () => {
    const merged = mergeConfig(SEG_TRAIN_CONFIG, { fit: { steps: 10, decaySteps: [5], mineAtSteps: [3], average: null }, trainingScans: 8, layers: [[8, 4]] });

    expect(merged.fit.steps).toBe(10);
    expect(merged.fit.batchSize).toBe(SEG_TRAIN_CONFIG.fit.batchSize);
    expect(merged.trainingScans).toBe(8);
    expect(merged.layers).toEqual([[8, 4]]);
    expect(SEG_TRAIN_CONFIG.fit.steps).not.toBe(10);
  });

  it('when an override names an unknown key then it is refused with the key named', () => {
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { stepz: 10 })).toThrow(/"stepz"/);
  });

  it('when an override misspells a nested key or gives a value of the wrong kind then it is refused with the key path and the value', () => {
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { fit: { hotestCellWeight: 64 } })).toThrow(/unknown key "hotestCellWeight" in fit/);
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { crops: { hardShare: 1.5 } })).toThrow(/crops\.hardShare: .*\(received 1\.5\)/);
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { fit: { decaySteps: [3333, -1] } })).toThrow(/fit\.decaySteps\[1\]: .*\(received -1\)/);
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { norm: { set: 'seg-v9' } })).toThrow(/norm\.set: .*"seg-v9"/);
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { version: '2' })).toThrow(/version: expected a semantic version/);
  });

  it('when an override changes the steps but not the schedule then the steps the schedule names beyond them are refused', () => {
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { fit: { steps: 3000 } })).toThrow(/fit\.decaySteps\[0\]: expected a step below fit\.steps \(3000\) \(received 3333\).*fit\.average\.from/);
  });

  it('when the input set changes without its normalisation or a margin comes without its term then the config is refused', () => {
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { norm: { set: 'seg-a-r-rowctx-tophat2-rel-pos-v5' } })).toThrow(/norm\.mean: expected 11 entries, one per input plane/);
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { fit: { hottestCellWeight: null, hottestCellMargin: 6 } })).toThrow(/fit\.hottestCellMargin: expected fit\.hottestCellWeight above 0/);
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { fit: { pairMargin: 2 } })).toThrow(/fit\.pairMargin: expected fit\.pairWeight above 0/);
  });

  it('when an override uses an optional key the config may leave out then it is accepted', () => {
    const merged = mergeConfig(SEG_TRAIN_CONFIG, { fit: { hottestCellWeight: 32, hottestCellMargin: 6, focalGamma: null, average: null, pairWeight: 32, pairMargin: 2 } });

    expect(merged.fit.hottestCellMargin).toBe(6);
    expect(merged.fit.pairWeight).toBe(32);
    expect(merged.fit.average).toBeNull();
  });

  it('when families take more than 120 scans then their seeds stay distinct and the first 120 keep the 1.0.0 seeds', () => {
    expect(anomalySeedIndex(1, 5)).toBe(ANOMALY_OFFSET + 120 + 5);
    const seen = new Set<number>();
    for (let k = 0; k < 3; k++) for (let i = 0; i < 400; i++) seen.add(anomalySeedIndex(k, i));
    expect(seen.size).toBe(3 * 400);
    // All inside the training million (1 000 000 + index).
    expect(Math.max(...seen)).toBeLessThan(1_000_000);
    expect(() => anomalySeedIndex(4, 0)).toThrow(RangeError);
  });

  it('when per-kind counts are given then those kinds get that many scans and the others scansPerKind, the first ones on the same seeds', async () => {
    const config = mergeConfig(SEG_TRAIN_CONFIG, { trainingScans: 1, trainingAnomalies: { kinds: ['dense-block', 'false-wall'], scansPerKind: 1, scansOfKind: { 'dense-block': 2 } } });
    const single = mergeConfig(config, { trainingAnomalies: { scansOfKind: null } });

    const scans = await collectSegScans(loadKernels(), config);
    const fewer = await collectSegScans(loadKernels(), single);

    expect(scans.anomalies.get('dense-block')).toHaveLength(2);
    expect(scans.anomalies.get('false-wall')).toHaveLength(1);
    expect(fewer.anomalies.get('dense-block')).toHaveLength(1);
    // A larger set of a kind is a superset of the smaller one.
    expect(scans.anomalies.get('dense-block')![0].seed).toBe(fewer.anomalies.get('dense-block')![0].seed);
    expect(scans.anomalies.get('dense-block')![1].seed).not.toBe(scans.anomalies.get('dense-block')![0].seed);
  });

  it('when a config with per-kind counts is scaled then each count scales like scansPerKind', () => {
    const scaled = scaleSegConfig(mergeConfig(SEG_TRAIN_CONFIG, { trainingAnomalies: { scansOfKind: { 'dense-block': 480 } } }), 0.5, 100);

    expect(anomalyScansOf(scaled.trainingAnomalies, 'dense-block')).toBe(240);
    expect(anomalyScansOf(scaled.trainingAnomalies, 'false-wall')).toBe(180);
  });

  it('when a per-kind count names a kind not trained on or is not a whole number ≥ 1 then the config is refused', () => {
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { trainingAnomalies: { scansOfKind: { dense_block: 480 } } })).toThrow(/"dense_block"/);
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { trainingAnomalies: { kinds: ['dense-block'], scansOfKind: { 'false-wall': 3 } } })).toThrow(/scansOfKind\["false-wall"\]: expected a kind among trainingAnomalies.kinds \(dense-block\)/);
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { trainingAnomalies: { scansOfKind: { 'false-wall': 0 } } })).toThrow(/scansOfKind\["false-wall"\].*0/);
    expect(() => mergeConfig(SEG_TRAIN_CONFIG, { trainingAnomalies: { scansOfKind: { 'false-wall': null } } })).toThrow(/received null/);
  });
});
