import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../models/evaluation/intervals.js';
import { auroc, averagePrecision, operatingPoint, rocCurve } from '../../../models/evaluation/roc.js';

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe('auroc', () => {
  it('when every anomalous score is above every normal one then the area is 1', () => {
    expect(auroc(range(50), range(50, 100))).toBe(1);
  });

  it('when the scores are inverted then the area is 0', () => {
    expect(auroc(range(50, 100), range(50))).toBe(0);
  });

  it('when both classes draw from the same distribution then the area is near 0.5', () => {
    const random = seededRandom(7);
    const draw = () => Array.from({ length: 4000 }, () => random());
    expect(auroc(draw(), draw())).toBeCloseTo(0.5, 1);
  });

  it('when all scores tie then ties count one half', () => {
    expect(auroc([1, 1, 1], [1, 1])).toBe(0.5);
  });

  it('when one pair of four is misordered then the area is the Mann-Whitney fraction', () => {
    expect(auroc([0, 2], [1, 3])).toBe(0.75);
  });

  it('when a class is empty then the area is NaN', () => {
    expect(auroc([], [1])).toBeNaN();
  });
});

describe('rocCurve', () => {
  it('when scores are separable then the curve runs from (0,0) up to (0,1) then to (1,1)', () => {
    const points = rocCurve([0, 1], [2, 3]).map((p) => [p.fpr, p.tpr]);
    expect(points).toEqual([[0, 0], [0, 0.5], [0, 1], [0.5, 1], [1, 1]]);
  });
});

describe('averagePrecision', () => {
  it('when the ranking is perfect then the AUPR is 1', () => {
    expect(averagePrecision(range(10), range(3, 100))).toBe(1);
  });

  it('when the anomaly ranks second of three then precision at its recall is one half', () => {
    expect(averagePrecision([0, 2], [1])).toBe(0.5);
  });

  it('when scores are random then the AUPR is near the anomalous share', () => {
    const random = seededRandom(3);
    const normal = Array.from({ length: 9000 }, () => random());
    const anomalous = Array.from({ length: 1000 }, () => random());
    expect(averagePrecision(normal, anomalous)).toBeCloseTo(0.1, 1);
  });
});

describe('operatingPoint', () => {
  it('when 1 % of 200 normal scans may alarm then the threshold is the third-highest normal score', () => {
    const op = operatingPoint(range(200), [150, 198, 199, 250], 0.01);
    expect(op.threshold).toBe(197);
    expect(op.falseAlarms).toBe(2);
    expect(op.detected).toBe(3);
  });

  it('when there are fewer normal scans than 1/rate then no normal scan alarms', () => {
    const op = operatingPoint(range(100), [99, 100], 0.001);
    expect(op.falseAlarms).toBe(0);
    expect(op.detected).toBe(1);
  });
});
