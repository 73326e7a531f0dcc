/**
 * Fuses the model's calibrated evidence with the declaration checks into one 0–100 score and a lane.
 * Scores are on the model's conformal scale, score = 100·(1 − p), so the lane thresholds state the
 * false-alarm rate they give on normal traffic; a declaration check raises the score to the floor of
 * the lane its severity calls for, so score and lane never disagree.
 */
import type { Finding, RiskResult } from '../core/store/scan-repository.js';
import type { Lane } from '../core/store/schema.js';

export interface LaneThresholds {
  /** p-value at or below which a scan is yellow. */
  yellowPValue: number;
  /** p-value at or below which a scan is red. */
  redPValue: number;
}

export interface DeclarationFinding {
  severity: 'yellow' | 'red';
  reason: string;
}

export interface ModelEvidence {
  pValue: number;
  calibratedScore: number;
  findings: Finding[];
}

function percent(p: number): string {
  return `${+(p * 100).toPrecision(2)}%`;
}

const LANE_ORDER: readonly Lane[] = ['green', 'yellow', 'red'];

export function laneOfPValue(pValue: number, thresholds: LaneThresholds): Lane {
  if (pValue <= thresholds.redPValue) return 'red';
  if (pValue <= thresholds.yellowPValue) return 'yellow';
  return 'green';
}

function worseLane(a: Lane, b: Lane): Lane {
  return LANE_ORDER.indexOf(a) >= LANE_ORDER.indexOf(b) ? a : b;
}

/**
 * @example fuseRisk({ pValue: 0.004, calibratedScore: 99.6, findings: [] }, [], { yellowPValue: 0.05, redPValue: 0.01 })
 *   // { score: 99.6, lane: 'red', reasons: ['Image anomaly rarer than 0.4% of normal scans ...'], findings: [] }
 */
export function fuseRisk(model: ModelEvidence, declaration: DeclarationFinding[], thresholds: LaneThresholds): RiskResult {
  const reasons: string[] = [];
  let score = model.calibratedScore;
  let lane = laneOfPValue(model.pValue, thresholds);
  if (model.pValue <= thresholds.yellowPValue) {
    const where = model.findings.length > 0 ? ` in ${model.findings.length} region(s)` : '';
    reasons.push(`Image anomaly${where}: as unusual as at most ${percent(model.pValue)} of normal scans`);
  }
  for (const check of declaration) {
    const floor = 100 * (1 - (check.severity === 'red' ? thresholds.redPValue : thresholds.yellowPValue));
    score = Math.max(score, floor);
    lane = worseLane(lane, check.severity);
    reasons.push(check.reason);
  }
  // The lane is decided above on exact values; rounding is for display only.
  score = Math.round(Math.min(100, Math.max(0, score)) * 10) / 10;
  if (reasons.length === 0) reasons.push(`No anomaly: image typical of normal traffic (score ${score})`);
  return { score, lane, reasons, findings: model.findings };
}

/** The fail-safe result for a scan that could not be analysed: red, with the reason in plain words. */
export function failSafeRisk(reason: string): RiskResult {
  return { score: 100, lane: 'red', reasons: [`Could not be analysed automatically (${reason}); physical inspection required`], findings: [] };
}
