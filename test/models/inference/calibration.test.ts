import { describe, expect, it } from 'vitest';
import { calibratedScore, conformalPValue, rawThreshold, sortCalibration } from '../../../models/inference/calibration.js';

describe('conformal calibration', () => {
  const scores = sortCalibration([5, 1, 4, 2, 3, 3, 6, 7, 8, 9]);

  it('when a score is above every calibration score then p = 1 / (n + 1)', () => {
    expect(conformalPValue(scores, 100)).toBeCloseTo(1 / 11, 12);
    expect(calibratedScore(conformalPValue(scores, 100))).toBeCloseTo(100 * (10 / 11), 9);
  });

  it('when a score is below every calibration score then p = 1 and the score is 0', () => {
    expect(conformalPValue(scores, -1)).toBe(1);
    expect(calibratedScore(1)).toBe(0);
  });

  it('when a score ties calibration scores then the ties count as at least as extreme', () => {
    // #{cal >= 3} = 8 (3, 3, 4, 5, 6, 7, 8, 9) → p = 9 / 11
    expect(conformalPValue(scores, 3)).toBeCloseTo(9 / 11, 12);
    // #{cal >= 3.5} = 6 → p = 7 / 11
    expect(conformalPValue(scores, 3.5)).toBeCloseTo(7 / 11, 12);
  });

  it('when asking for the raw threshold of a p-value then scores above it reach that p-value and it does not', () => {
    const threshold = rawThreshold(scores, 3 / 11);

    expect(threshold).toBe(7);
    expect(conformalPValue(scores, 7.001)).toBeLessThanOrEqual(3 / 11 + 1e-12);
    expect(conformalPValue(scores, 7)).toBeGreaterThan(3 / 11);
  });

  it('when the calibration set is too small for the p-value then the threshold is unreachable', () => {
    expect(rawThreshold(scores, 0.05)).toBe(Number.POSITIVE_INFINITY);
  });

  it('when 99 calibration scores are 1..99 then a new maximum reaches p = 0.01, the red threshold', () => {
    const hundred = sortCalibration(Array.from({ length: 99 }, (_, i) => i + 1));

    expect(conformalPValue(hundred, 99.5)).toBeCloseTo(0.01, 12);
    expect(conformalPValue(hundred, 95.5)).toBeCloseTo(0.05, 12);
    expect(rawThreshold(hundred, 0.01)).toBe(99);
  });
});
