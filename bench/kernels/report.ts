/** Turns benchmark rows into the JSON, Markdown table and PNG bar chart under bench/results/. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { scanPreprocessTable, type ScanPreprocessRow } from './preprocess.js';
import { profileTable, type BoundaryProfile } from './profile.js';

/** Implementations in column order. */
export const IMPLEMENTATIONS = ['simd', 'simdResident', 'simdCore', 'scalar', 'reference', 'sharp', 'opencv'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];

export interface Row {
  size: string;
  megapixels: number;
  kernel: string;
  kind: string;
  /** Median ms per implementation (absent: no such peer). */
  ms: Partial<Record<Implementation, number>>;
  runs: Partial<Record<Implementation, number>>;
  /** Median ms of a typed-array copy moving the kernel's bytes (reads + writes). */
  copyMs: number;
}

const LABELS: Record<Implementation, string> = {
  simd: 'WASM-SIMD', simdResident: 'SIMD resident', simdCore: 'SIMD core', scalar: 'WASM-scalar', reference: 'TS ref', sharp: 'sharp', opencv: 'OpenCV.js',
};

const fmt = (v: number | undefined, digits = 1) => (v === undefined ? '—' : v.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '—' : `${(b / a).toFixed(1)}×`);

/** The Markdown table: ms and MP/s per implementation, speed-ups of SIMD, % of copy bandwidth. */
export function markdownTable(rows: readonly Row[]): string {
  const head = [
    'size', 'kernel', ...IMPLEMENTATIONS.map((i) => `${LABELS[i]} ms`), 'SIMD MP/s',
    'SIMD vs ref', 'resident vs ref', 'SIMD vs scalar', 'SIMD vs OpenCV', 'SIMD vs sharp', 'copy ms',
    'API % of copy', 'resident % of copy', 'core % of copy',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const pointwise = r.kind === 'pointwise';
    const ofCopy = (ms: number | undefined) => (pointwise && ms ? `${((100 * r.copyMs) / ms).toFixed(0)}%` : '—');
    lines.push(`| ${[
      r.size, r.kernel, ...IMPLEMENTATIONS.map((i) => fmt(r.ms[i], 2)),
      fmt(r.ms.simd && r.megapixels / (r.ms.simd / 1000), 0),
      ratio(r.ms.simd, r.ms.reference), ratio(r.ms.simdResident, r.ms.reference), ratio(r.ms.simd, r.ms.scalar), ratio(r.ms.simd, r.ms.opencv), ratio(r.ms.simd, r.ms.sharp),
      fmt(r.copyMs, 2),
      ofCopy(r.ms.simd), ofCopy(r.ms.simdResident), ofCopy(r.ms.simdCore),
    ].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The issue's targets, checked row by row; lists every miss. */
export function targetChecks(rows: readonly Row[]): string {
  const misses: Record<string, string[]> = { ref: [], refResident: [], opencv: [], sharp: [], copyApi: [], copyResident: [], copyCore: [] };
  for (const r of rows) {
    const { simd, simdResident, simdCore, reference, opencv, sharp: vips } = r.ms;
    if (simd === undefined) continue;
    const at = `${r.kernel} (${r.size})`;
    if ((r.kind === 'pointwise' || r.kind === 'separable') && reference !== undefined && reference / simd < 4) {
      misses.ref.push(`${at} ${(reference / simd).toFixed(1)}×`);
    }
    if ((r.kind === 'pointwise' || r.kind === 'separable') && reference !== undefined && simdResident !== undefined && reference / simdResident < 4) {
      misses.refResident.push(`${at} ${(reference / simdResident).toFixed(1)}×`);
    }
    if (opencv !== undefined && opencv <= simd) misses.opencv.push(`${at} ${(opencv / simd).toFixed(2)}×`);
    if (vips !== undefined && simd > 2 * vips) misses.sharp.push(`${at} ${(vips / simd).toFixed(2)}×`);
    if (r.kind === 'pointwise') {
      if (r.copyMs / simd < 0.4) misses.copyApi.push(`${at} ${((100 * r.copyMs) / simd).toFixed(0)}%`);
      if (simdResident !== undefined && r.copyMs / simdResident < 0.4) misses.copyResident.push(`${at} ${((100 * r.copyMs) / simdResident).toFixed(0)}%`);
      if (simdCore !== undefined && r.copyMs / simdCore < 0.4) misses.copyCore.push(`${at} ${((100 * r.copyMs) / simdCore).toFixed(0)}%`);
    }
  }
  const line = (target: string, list: string[]) => `- ${target}: ${list.length === 0 ? 'met everywhere' : `missed by ${list.join(', ')}`}`;
  return [
    line('WASM-SIMD ≥ 4× the TypeScript reference (pointwise and separable, through the copying API)', misses.ref),
    line('WASM-SIMD ≥ 4× the TypeScript reference (pointwise and separable, through the resident session API)', misses.refResident),
    line('WASM-SIMD faster than OpenCV.js on every shared kernel', misses.opencv),
    line('WASM-SIMD within 2× of sharp', misses.sharp),
    line('pointwise kernels ≥ 40% of copy bandwidth, through the copying API', misses.copyApi),
    line('pointwise kernels ≥ 40% of copy bandwidth, through the resident session API', misses.copyResident),
    line('pointwise kernels ≥ 40% of copy bandwidth, kernel alone (core)', misses.copyCore),
  ].join('\n');
}

/** Replaces the text between two marker comments of a Markdown file (left alone if absent). */
function replaceBetweenMarkers(path: string, name: string, body: string): void {
  if (!existsSync(path)) return;
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const text = readFileSync(path, 'utf8');
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return;
  writeFileSync(path, `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`);
}

/** A horizontal grouped bar chart of megapixels/s (log scale) for one size, as SVG. */
export function barChartSvg(rows: readonly Row[], title: string): string {
  const shown: Implementation[] = ['simd', 'simdResident', 'scalar', 'reference', 'sharp', 'opencv'];
  const colours: Record<string, string> = { simd: '#1b6ac9', simdResident: '#0b2f66', scalar: '#7aa7e0', reference: '#999999', sharp: '#2e9d4a', opencv: '#d9822b' };
  const barH = 7;
  const groupH = shown.length * barH + 10;
  const left = 140;
  const plotW = 620;
  const top = 50;
  const height = top + rows.length * groupH + 30;
  const maxLog = 4; // 10^4 MP/s
  const x = (mps: number) => left + (Math.max(0, Math.log10(Math.max(mps, 1))) / maxLog) * plotW;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + plotW + 40}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${title}: megapixels/s (log scale, higher is faster)</text>`,
  ];
  shown.forEach((impl, i) => {
    parts.push(`<rect x="${left + i * 105}" y="30" width="10" height="10" fill="${colours[impl]}"/>`);
    parts.push(`<text x="${left + i * 105 + 14}" y="39">${LABELS[impl]}</text>`);
  });
  for (const tick of [1, 10, 100, 1000, 10000]) {
    parts.push(`<line x1="${x(tick)}" y1="${top}" x2="${x(tick)}" y2="${height - 25}" stroke="#ddd"/>`);
    parts.push(`<text x="${x(tick) - 10}" y="${height - 10}">${tick}</text>`);
  }
  rows.forEach((r, g) => {
    const y0 = top + g * groupH;
    parts.push(`<text x="10" y="${y0 + groupH / 2}">${r.kernel}</text>`);
    shown.forEach((impl, i) => {
      const ms = r.ms[impl];
      if (ms === undefined) return;
      parts.push(`<rect x="${left}" y="${y0 + i * barH}" width="${x(r.megapixels / (ms / 1000)) - left}" height="${barH - 1}" fill="${colours[impl]}"/>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * Writes kernels.json, kernels.md and kernels.png into `dir`, refreshes the table in `readme`
 * (between `<!-- kernels-table:start/end -->`), and returns the Markdown.
 */
export async function writeResults(
  dir: string, readme: string, rows: readonly Row[], profiles: readonly BoundaryProfile[], scans: readonly ScanPreprocessRow[],
  meta: Record<string, unknown>,
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const md = [
    '# Kernels benchmark',
    '',
    `Generated by \`npm run bench:kernels\` on ${String(meta.date)} (${String(meta.cpu)}, Node ${String(meta.node)}).`,
    `Load average at the start: ${String(meta.load)}; the machine is shared, expect ±20% between runs.`,
    'Median ms per call. "WASM-SIMD"/"WASM-scalar": the copying `Kernels` API (inputs copied into WASM',
    'memory, result copied out). "SIMD resident": the session API on planes already in WASM memory',
    '(output plane allocated in a nested session per call, nothing copied out). "SIMD core": the raw',
    'kernel export on preloaded memory. "copy ms": `Uint8Array.set` of bytesPerPixel × pixels / 2 bytes,',
    'i.e. reading and writing as many bytes in total as the kernel reads plus writes, on the same',
    'pixel count; "% of copy" = copy ms / kernel ms.',
    'sharp runs with one libvips thread on the u16 scan (8-bit for CLAHE); OpenCV.js on f32 Mats.',
    '',
    markdownTable(rows),
    '',
    '## Targets',
    '',
    targetChecks(rows),
    '',
    '## Model-input preprocessing of one scan, before and after the fused path',
    '',
    scanPreprocessTable(scans),
    '',
    '## Where a pointwise call spends its time (WASM-SIMD)',
    '',
    profileTable(profiles),
    '',
    '![kernels chart](kernels.png)',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'kernels.md'), md);
  writeFileSync(join(dir, 'kernels.json'), `${JSON.stringify({ meta, rows, profiles, scans }, null, 2)}\n`);
  replaceBetweenMarkers(readme, 'kernels-table', md.slice(md.indexOf('| size')).replace('](kernels.png)', '](results/kernels.png)'));
  const largest = rows.filter((r) => r.size === rows[rows.length - 1].size);
  await sharp(Buffer.from(barChartSvg(largest, largest[0].size))).png().toFile(join(dir, 'kernels.png'));
  return md;
}
