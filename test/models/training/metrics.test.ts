import { describe, expect, it } from 'vitest';
import { auroc, detectionAtFalseAlarm } from '../../../models/training/metrics.js';

describe('auroc', () => {
  it('when every anomaly outscores every normal scan then it is 1, and 0 the other way round', () => {
    expect(auroc([1, 2, 3], [4, 5])).toBe(1);
    expect(auroc([4, 5], [1, 2, 3])).toBe(0);
  });

  it('when scores tie then ties count one half', () => {
    // Pairs: (1,1) tie, (1,3) win, (2,1) loss, (2,3) win → (2 + 0.5) / 4.
    expect(auroc([1, 2], [1, 3])).toBe(0.625);
  });
});

describe('detectionAtFalseAlarm', () => {
  it('when 1 % false alarms are allowed on 100 normal scans then the threshold is the 2nd highest', () => {
    const normal = Array.from({ length: 100 }, (_, i) => i);
    const result = detectionAtFalseAlarm(normal, [97.5, 98.5, 99.5, 50], 0.01);

    expect(result.threshold).toBe(98);
    expect(result.detection).toBe(0.5);
  });
});
