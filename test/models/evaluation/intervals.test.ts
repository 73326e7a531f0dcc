import { describe, expect, it } from 'vitest';
import { bootstrapInterval, pairedBootstrapDifference, seededRandom, wilsonInterval } from '../../../models/evaluation/intervals.js';
import { auroc } from '../../../models/evaluation/roc.js';

describe('wilsonInterval', () => {
  it('when 50 of 100 succeed then the interval is the textbook [0.404, 0.596]', () => {
    const i = wilsonInterval(50, 100);
    expect(i.low).toBeCloseTo(0.4038, 3);
    expect(i.high).toBeCloseTo(0.5962, 3);
  });

  it('when none of 100 succeed then the interval starts at 0 and ends near 3.7 %', () => {
    const i = wilsonInterval(0, 100);
    expect(i.low).toBe(0);
    expect(i.high).toBeCloseTo(0.037, 3);
  });

  it('when a true rate of 10 % is sampled 2000 times then about 95 % of intervals cover it', () => {
    const random = seededRandom(42);
    let covered = 0;
    for (let t = 0; t < 2000; t++) {
      let k = 0;
      for (let i = 0; i < 60; i++) if (random() < 0.1) k++;
      const { low, high } = wilsonInterval(k, 60);
      if (low <= 0.1 && 0.1 <= high) covered++;
    }
    expect(covered / 2000).toBeGreaterThan(0.92);
    expect(covered / 2000).toBeLessThan(0.99);
  });
});

describe('bootstrapInterval', () => {
  const gaussian = (random: () => number, mean: number) => () => mean + Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

  it('when scores separate by one standard deviation then the AUROC interval holds the true 0.76', () => {
    const random = seededRandom(5);
    const normal = Array.from({ length: 300 }, gaussian(random, 0));
    const anomalous = Array.from({ length: 300 }, gaussian(random, 1));
    const i = bootstrapInterval(normal, anomalous, auroc, 400, 1);
    expect(i.low).toBeLessThan(0.76);
    expect(i.high).toBeGreaterThan(0.76);
    expect(i.high - i.low).toBeLessThan(0.12);
  });

  it('when run twice with the same seed then the interval is identical', () => {
    const a = bootstrapInterval([0, 1, 2, 3], [2, 3, 4], auroc, 100, 9);
    const b = bootstrapInterval([0, 1, 2, 3], [2, 3, 4], auroc, 100, 9);
    expect(a).toEqual(b);
  });

  it('when there are 16 times more scans then the interval is about 4 times narrower', () => {
    const random = seededRandom(6);
    const width = (n: number) => {
      const i = bootstrapInterval(Array.from({ length: n }, gaussian(random, 0)), Array.from({ length: n }, gaussian(random, 1)), auroc, 300, 2);
      return i.high - i.low;
    };
    const ratio = width(50) / width(800);
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(6);
  });
});

describe('pairedBootstrapDifference', () => {
  // Scores of two models on the same scans: B = A plus a little noise, and B slightly better on anomalies.
  const random = seededRandom(5);
  const normalA = Array.from({ length: 300 }, () => random());
  const anomalousA = Array.from({ length: 120 }, () => 0.3 + random());
  const normal = normalA.map((a) => [a, a + 0.05 * (random() - 0.5)] as const);
  const anomalous = anomalousA.map((a) => [a, a + 0.04 + 0.05 * (random() - 0.5)] as const);

  it('when both columns are the same model then the difference and its interval are exactly 0', () => {
    const same = normalA.map((a) => [a, a] as const);
    const d = pairedBootstrapDifference(same, anomalousA.map((a) => [a, a] as const), auroc, 200);
    expect(d).toEqual({ difference: 0, interval: { low: 0, high: 0 } });
  });

  it('when B ranks anomalies a little higher on the same scans then the paired interval excludes 0 where the separate ones overlap', () => {
    const d = pairedBootstrapDifference(normal, anomalous, auroc, 500);
    const a = bootstrapInterval(normal.map((p) => p[0]), anomalous.map((p) => p[0]), auroc, 500);
    const b = bootstrapInterval(normal.map((p) => p[1]), anomalous.map((p) => p[1]), auroc, 500);

    expect(d.difference).toBeGreaterThan(0);
    expect(d.interval.low).toBeGreaterThan(0);
    expect(d.interval.low).toBeLessThanOrEqual(d.difference);
    expect(d.interval.high).toBeGreaterThanOrEqual(d.difference);
    expect(a.high).toBeGreaterThan(b.low);
  });
});
