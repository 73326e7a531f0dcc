import { describe, expect, it } from 'vitest';
import { failSafeRisk, fuseRisk } from '../../workers/risk-fusion.js';

const thresholds = { yellowPValue: 0.05, redPValue: 0.01 };
const finding = { kind: 'dense', score: 99.8, box: { x: 1, y: 2, w: 3, h: 4 } };

describe('risk fusion', () => {
  it('when the model finds the scan ordinary and the declaration agrees then it is green with a plain reason', () => {
    const risk = fuseRisk({ pValue: 0.4, calibratedScore: 60, findings: [] }, [], thresholds);
    expect(risk).toMatchObject({ score: 60, lane: 'green', findings: [] });
    expect(risk.reasons[0]).toMatch(/No anomaly/);
  });

  it('when the p-value is at or below the red rate then it is red and says how rare it is', () => {
    const risk = fuseRisk({ pValue: 0.004, calibratedScore: 99.6, findings: [finding] }, [], thresholds);
    expect(risk.lane).toBe('red');
    expect(risk.reasons[0]).toContain('0.4%');
    expect(risk.findings).toEqual([finding]);
  });

  it('when the p-value sits between the thresholds then it is yellow', () => {
    expect(fuseRisk({ pValue: 0.03, calibratedScore: 97, findings: [] }, [], thresholds).lane).toBe('yellow');
    expect(fuseRisk({ pValue: 0.0104, calibratedScore: 98.96, findings: [] }, [], thresholds).lane).toBe('yellow');
  });

  it('when a declaration check fails then the score rises to its lane floor and the reason is kept', () => {
    const risk = fuseRisk({ pValue: 0.5, calibratedScore: 50, findings: [] }, [{ severity: 'red', reason: 'Declared empty, but…' }], thresholds);
    expect(risk).toMatchObject({ lane: 'red', score: 99, reasons: ['Declared empty, but…'] });
    const yellow = fuseRisk({ pValue: 0.5, calibratedScore: 50, findings: [] }, [{ severity: 'yellow', reason: 'weight' }], thresholds);
    expect(yellow).toMatchObject({ lane: 'yellow', score: 95 });
  });

  it('when a scan cannot be analysed then the fail-safe is red at 100 with the reason', () => {
    expect(failSafeRisk('corrupt image')).toMatchObject({ score: 100, lane: 'red', reasons: [expect.stringContaining('corrupt image')] });
  });
});
