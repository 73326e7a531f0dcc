import { describe, expect, it } from 'vitest';
import { clearlyAhead, compareOnSameScans } from '../../../models/evaluation/paired-comparison.js';
import type { ScanRecord, ScoredTestSet } from '../../../models/evaluation/score-test-set.js';

// Two models' raw scores on the same scans: model B separates dense blocks better, both tie on false walls.
function scored(swap = false): ScoredTestSet {
  const record = (anomaly: ScanRecord['anomaly'], a: number, b: number): ScanRecord => {
    const verdict = (raw: number) => ({ raw, pValue: 1, located: false, ms: 1, lane: 'green' as const, fusedScore: 0 });
    const [first, second] = swap ? [b, a] : [a, b];
    return { seed: 0, cargo: 'textiles', container: '20ft', anomaly, declaration: null, verdicts: [verdict(first), verdict(second)] };
  };
  const records = [
    ...Array.from({ length: 40 }, (_, i) => record(null, i / 40, i / 40)),
    // Dense blocks: A puts them among the normals, B above all of them.
    ...Array.from({ length: 20 }, (_, i) => record('dense-block', 0.3 + i / 80, 1.1 + i / 80)),
    ...Array.from({ length: 20 }, (_, i) => record('false-wall', 2 + i, 2 + i)),
    // A declaration family: not the image model's job, left out of the image differences.
    ...Array.from({ length: 5 }, () => record('weight-mismatch', 0, 5)),
  ];
  return { records, pixels: [new Map(), new Map()], generateMs: 0 };
}

describe('compareOnSameScans', () => {
  it('when B ranks one family higher on the same scans then that family and the overall AUROC gain, the other family ties', () => {
    const c = compareOnSameScans(scored(), 300);

    const dense = c.families.find((f) => f.family === 'dense-block')!.auroc;
    const walls = c.families.find((f) => f.family === 'false-wall')!.auroc;
    expect(dense.difference).toBeGreaterThan(0.3);
    expect(dense.interval.low).toBeGreaterThan(0);
    expect(walls).toEqual({ difference: 0, interval: { low: 0, high: 0 } });
    expect(c.auroc.difference).toBeGreaterThan(0);
    expect(c.families.map((f) => f.family)).toEqual(['dense-block', 'false-wall']);
    expect(c.detection.map((d) => d.falseAlarmRate)).toEqual([0.01, 0.001]);
    expect(clearlyAhead(dense)).toBe('B');
    expect(clearlyAhead(walls)).toBeUndefined();
    expect(clearlyAhead(compareOnSameScans(scored(true), 300).families.find((f) => f.family === 'dense-block')!.auroc)).toBe('A');
  });

  it('when an interval prints as +0.000 at its low end then only its unrounded bound decides', () => {
    expect(clearlyAhead({ difference: 0.008, interval: { low: -0.0004, high: 0.018 } })).toBeUndefined();
    expect(clearlyAhead({ difference: 0.008, interval: { low: 0.0004, high: 0.018 } })).toBe('B');
  });

  it('when the two models swap columns then every difference changes sign', () => {
    const ab = compareOnSameScans(scored(), 100);
    const ba = compareOnSameScans(scored(true), 100);

    expect(ba.auroc.difference).toBeCloseTo(-ab.auroc.difference, 12);
    expect(ba.detection[0].difference).toBeCloseTo(-ab.detection[0].difference, 12);
  });
});
