import { describe, expect, it } from 'vitest';
import { groupFindings } from '../../../models/inference/findings.js';
import { tileGrid } from '../../../models/inference/tile-features.js';

describe('groupFindings', () => {
  // 64 x 32 model px, 16-px tiles at stride 8: 7 columns x 3 rows.
  const grid = tileGrid(64, 32, { tileSize: 16, stride: 8 });
  const verdicts = (flaggedTiles: number[], raw: Record<number, number>, kind: Record<number, number> = {}) => {
    const count = grid.cols * grid.rows;
    const flagged = new Uint8Array(count);
    const rawScores = new Float32Array(count).fill(-5);
    const kinds = new Uint8Array(count).fill(1);
    for (const t of flaggedTiles) flagged[t] = 1;
    for (const [t, v] of Object.entries(raw)) rawScores[Number(t)] = v;
    for (const [t, k] of Object.entries(kind)) kinds[Number(t)] = k;
    return { flagged, raw: rawScores, kind: kinds };
  };

  it('when flagged tiles touch diagonally then they form one finding with their union box', () => {
    const findings = groupFindings(verdicts([0, 8], { 0: 3, 8: 4 }, { 8: 2 }), grid, 64, 32, (raw) => raw * 10, ['normal', 'dense_object', 'organic_mass']);

    expect(findings).toEqual([{ kind: 'organic_mass', score: 40, box: { x: 0, y: 0, w: 24, h: 24 } }]);
  });

  it('when flagged tiles are apart then each is a finding, strongest first', () => {
    const findings = groupFindings(verdicts([0, 6], { 0: 2, 6: 7 }), grid, 64, 32, (raw) => raw, ['normal', 'dense_object']);

    expect(findings.map((f) => f.score)).toEqual([7, 2]);
    expect(findings[0].box).toEqual({ x: 48, y: 0, w: 16, h: 16 });
  });

  it('when nothing is flagged then there are no findings', () => {
    expect(groupFindings(verdicts([], {}), grid, 64, 32, (raw) => raw, ['normal', 'dense_object'])).toEqual([]);
  });
});
