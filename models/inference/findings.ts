/**
 * Groups flagged tiles into findings: 8-connected components on the tile grid, each reported as the
 * union box of its tiles in model pixels, with the score and kind of its strongest evidence.
 */
import type { TileGrid } from './tile-features.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Finding {
  kind: string;
  /** 0-100, the calibrated score of the component's highest tile. */
  score: number;
  /** Model pixels; multiply by the downsample factor for image pixels. */
  box: Box;
}

export interface TileVerdicts {
  /** Per tile: flagged or not. */
  flagged: Uint8Array;
  /** Per tile raw score; the component's maximum decides its score. */
  raw: Float32Array;
  /** Per tile: index of the most likely anomaly class. */
  kind: Uint8Array;
}

/**
 * @param toScore maps a raw tile score to the 0-100 calibrated scale.
 * @param kindNames names indexed by `verdicts.kind`.
 * @returns findings, strongest first.
 */
export function groupFindings(
  verdicts: TileVerdicts,
  grid: TileGrid,
  width: number,
  height: number,
  toScore: (raw: number) => number,
  kindNames: readonly string[],
): Finding[] {
  const seen = new Uint8Array(grid.cols * grid.rows);
  const findings: Finding[] = [];
  for (let start = 0; start < seen.length; start++) {
    if (!verdicts.flagged[start] || seen[start]) continue;
    const stack = [start];
    seen[start] = 1;
    let best = start;
    let x0 = width;
    let y0 = height;
    let x1 = 0;
    let y1 = 0;
    while (stack.length > 0) {
      const t = stack.pop()!;
      const c = t % grid.cols;
      const r = (t - c) / grid.cols;
      if (verdicts.raw[t] > verdicts.raw[best]) best = t;
      x0 = Math.min(x0, grid.xs[c]);
      y0 = Math.min(y0, grid.ys[r]);
      x1 = Math.max(x1, Math.min(grid.xs[c] + grid.tileSize, width));
      y1 = Math.max(y1, Math.min(grid.ys[r] + grid.tileSize, height));
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const cc = c + dc;
          const rr = r + dr;
          if (cc < 0 || rr < 0 || cc >= grid.cols || rr >= grid.rows) continue;
          const n = rr * grid.cols + cc;
          if (verdicts.flagged[n] && !seen[n]) {
            seen[n] = 1;
            stack.push(n);
          }
        }
      }
    }
    findings.push({
      kind: kindNames[verdicts.kind[best]] ?? 'anomaly',
      score: toScore(verdicts.raw[best]),
      box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 },
    });
  }
  return findings.sort((a, b) => b.score - a.score);
}
