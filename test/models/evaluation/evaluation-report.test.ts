import { describe, expect, it } from 'vitest';
import { loadGroup, reachBand, REACH_BANDS, summariseModel } from '../../../models/evaluation/evaluation-report.js';
import { PixelRoc } from '../../../models/evaluation/pixel-auroc.js';
import type { ScanRecord, ScoredTestSet } from '../../../models/evaluation/score-test-set.js';

function record(seed: number, raw: number, pValue: number, extra: Partial<ScanRecord> = {}): ScanRecord {
  return {
    seed,
    cargo: 'textiles',
    container: '40ft',
    anomaly: null,
    declaration: null,
    verdicts: [{ raw, pValue, located: false, ms: 10, lane: pValue <= 0.05 ? 'yellow' : 'green', fusedScore: 100 * (1 - pValue) }],
    ...extra,
  };
}

/** 100 normal scans (4 of them p ≤ 0.05, 1 of them p ≤ 0.01: 2 reefers) and 10 dense blocks above all. */
function scored(): ScoredTestSet {
  const normal = Array.from({ length: 100 }, (_, i) =>
    record(i, i / 10, i >= 96 ? 0.03 : 0.5, i >= 98 ? { container: 'reefer', cargo: 'frozen_seafood' } : {}),
  );
  normal[99].verdicts[0].pValue = 0.005;
  const blocks = Array.from({ length: 10 }, (_, i) => record(100 + i, 20 + i, 0.004, { anomaly: 'dense-block', declaration: i < 3 ? 'yellow' : null }));
  return { records: [...normal, ...blocks], pixels: [new Map([['dense-block', new PixelRoc()]])], generateMs: 0 };
}

describe('summariseModel', () => {
  const report = summariseModel(scored(), 0, 'm@1.0.0', { thresholds: { yellowPValue: 0.05, redPValue: 0.01 }, trainedFamilies: ['organic-brick'], replicates: 50 });

  it('when anomalies outscore every normal scan then AUROC, AUPR and detection are 1', () => {
    expect(report.overall.auroc).toBe(1);
    expect(report.overall.aupr).toBe(1);
    expect(report.overall.detection.map((d) => d.rate)).toEqual([1, 1]);
  });

  it('when 4 of 100 normal scans are yellow then the achieved rate is 4 % with the 5 % target inside its interval', () => {
    const yellow = report.achieved.find((a) => a.lane === 'yellow')!;
    expect(yellow.rate.k).toBe(4);
    expect(yellow.rate.n).toBe(100);
    expect(yellow.withinInterval).toBe(true);
    expect(report.achieved.find((a) => a.lane === 'red')!.rate.k).toBe(1);
  });

  it('when false alarms cluster on reefers then the container table shows it', () => {
    const reefer = report.falseAlarmsByContainer.find((r) => r.group === 'reefer')!;
    expect(reefer.yellow).toMatchObject({ k: 2, n: 2 });
    expect(report.falseAlarmsByContainer.find((r) => r.group === '40ft')!.yellow).toMatchObject({ k: 2, n: 98 });
  });

  it('when textiles record no fill length then the load table groups them as item by item', () => {
    expect(report.falseAlarmsByLoad.map((r) => r.group)).toEqual(['item by item (machinery, steel, mixed)']);
    expect(report.falseAlarmsByLoad[0].yellow).toMatchObject({ k: 4, n: 100 });
  });

  it('when a family is not in the trained list then its row says held out', () => {
    const row = report.families.find((f) => f.family === 'dense-block')!;
    expect(row.trained).toBe(false);
    expect(row.scope).toBe('image');
    expect(row.declarationFlagged.k).toBe(3);
  });
});

describe('loadGroup', () => {
  it('when a load fills 60 % of the length then it is partial, at 90 % full', () => {
    expect(loadGroup({ cargo: 'textiles', fillLength: 0.6 })).toMatch(/^partial/);
    expect(loadGroup({ cargo: 'textiles', fillLength: 0.9 })).toMatch(/^full/);
  });

  it('when the container is empty or the load records no fill then they get their own groups', () => {
    expect(loadGroup({ cargo: 'empty' })).toBe('empty container');
    expect(loadGroup({ cargo: 'steel' })).toMatch(/^item by item/);
  });
});

describe('detection by how much of the anomaly reaches the detector', () => {
  it('when blocks add 0.2, 1 and 5 attenuation then each lands in its band, the faint one scored like a normal scan', () => {
    const set = scored();
    const blocks = set.records.filter((r) => r.anomaly === 'dense-block');
    blocks.forEach((r, i) => (r.addedAttenuation = i < 2 ? 0.2 : i < 5 ? 1 : 5));
    // The two faint blocks score in the middle of the normal scans.
    blocks[0].verdicts[0].raw = 5;
    blocks[1].verdicts[0].raw = 5.05;

    const report = summariseModel(set, 0, 'm@1.0.0', { thresholds: { yellowPValue: 0.05, redPValue: 0.01 }, trainedFamilies: null, replicates: 50 });

    expect(report.byReach.map((g) => [g.group, g.metrics.anomalous])).toEqual([[REACH_BANDS[0].label, 2], [REACH_BANDS[1].label, 3], [REACH_BANDS[2].label, 5]]);
    expect(report.byReach[0].metrics.auroc).toBeCloseTo(0.5, 1);
    expect(report.byReach[2].metrics.auroc).toBe(1);
  });

  it('when the added attenuation sits on a band edge then it belongs to the band above', () => {
    expect(reachBand(0.49).below).toBe(0.5);
    expect(reachBand(0.5).below).toBe(2);
    expect(reachBand(2).below).toBe(Number.POSITIVE_INFINITY);
  });
});
