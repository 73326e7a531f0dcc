/**
 * ROC curves as a PNG: an SVG drawn here, rasterised by sharp (librsvg). Two panels: linear axes,
 * and false alarms on a log axis from 0.1 % so the operating region a border post lives in is
 * readable.
 */
import sharp from 'sharp';
import type { RocPoint } from './roc.js';

export interface RocSeries {
  label: string;
  points: readonly RocPoint[];
  /** Thicker line for the headline curve. */
  bold?: boolean;
  dashed?: boolean;
}

const COLOURS = ['#111111', '#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f'];
const PANEL = 360;
const MARGIN = { left: 56, top: 40, bottom: 48, gap: 70 };
const LOG_MIN = 1e-3;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function panel(series: readonly RocSeries[], x0: number, logX: boolean, title: string): string {
  const y0 = MARGIN.top;
  const xOf = (fpr: number) => {
    const f = logX ? (Math.log10(Math.max(LOG_MIN, fpr)) - Math.log10(LOG_MIN)) / -Math.log10(LOG_MIN) : fpr;
    return x0 + f * PANEL;
  };
  const yOf = (tpr: number) => y0 + (1 - tpr) * PANEL;
  const parts: string[] = [`<rect x="${x0}" y="${y0}" width="${PANEL}" height="${PANEL}" fill="white" stroke="#444"/>`];
  const xTicks = logX ? [0.001, 0.01, 0.1, 1] : [0, 0.25, 0.5, 0.75, 1];
  for (const t of xTicks) {
    parts.push(`<line x1="${xOf(t)}" y1="${y0}" x2="${xOf(t)}" y2="${y0 + PANEL}" stroke="#ddd"/>`);
    parts.push(`<text x="${xOf(t)}" y="${y0 + PANEL + 16}" font-size="11" text-anchor="middle">${logX ? `${+(t * 100).toPrecision(1)}%` : t}</text>`);
  }
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${x0}" y1="${yOf(t)}" x2="${x0 + PANEL}" y2="${yOf(t)}" stroke="#ddd"/>`);
    parts.push(`<text x="${x0 - 6}" y="${yOf(t) + 4}" font-size="11" text-anchor="end">${t}</text>`);
  }
  if (!logX) parts.push(`<line x1="${xOf(0)}" y1="${yOf(0)}" x2="${xOf(1)}" y2="${yOf(1)}" stroke="#aaa" stroke-dasharray="4 4"/>`);
  series.forEach((s, i) => {
    // Staircase: a ROC curve is a step function of the threshold, plotted as such on the log axis.
    const pts = s.points.map((p) => `${xOf(p.fpr).toFixed(1)},${yOf(p.tpr).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${pts}" fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="${s.bold ? 3 : 1.6}"${s.dashed ? ' stroke-dasharray="6 3"' : ''}/>`);
  });
  parts.push(`<text x="${x0 + PANEL / 2}" y="${y0 - 12}" font-size="13" text-anchor="middle" font-weight="bold">${escape(title)}</text>`);
  parts.push(`<text x="${x0 + PANEL / 2}" y="${y0 + PANEL + 36}" font-size="12" text-anchor="middle">false-alarm rate (normal scans)</text>`);
  parts.push(`<text x="${x0 - 40}" y="${y0 + PANEL / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 ${x0 - 40} ${y0 + PANEL / 2})">detection rate</text>`);
  return parts.join('\n');
}

/** The SVG source (tests read it; {@link writeRocPng} rasterises it). */
export function rocSvg(series: readonly RocSeries[], title: string): string {
  const legendX = MARGIN.left + 2 * PANEL + MARGIN.gap + 20;
  const width = legendX + 260;
  const height = MARGIN.top + PANEL + MARGIN.bottom + 10;
  const legend = series.map((s, i) => {
    const y = MARGIN.top + 14 + i * 20;
    return `<line x1="${legendX}" y1="${y - 4}" x2="${legendX + 24}" y2="${y - 4}" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="${s.bold ? 3 : 1.6}"${s.dashed ? ' stroke-dasharray="6 3"' : ''}/><text x="${legendX + 30}" y="${y}" font-size="12">${escape(s.label)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel(series, MARGIN.left, false, `${title}: ROC`),
    panel(series, MARGIN.left + PANEL + MARGIN.gap, true, 'low false-alarm region (log)'),
    ...legend,
    '</svg>',
  ].join('\n');
}

/** Writes the ROC curves as a PNG; returns its byte size. */
export async function writeRocPng(file: string, series: readonly RocSeries[], title: string): Promise<number> {
  const info = await sharp(Buffer.from(rocSvg(series, title))).png().toFile(file);
  return info.size;
}
