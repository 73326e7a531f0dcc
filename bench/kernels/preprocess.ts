/**
 * The model-input preprocessing of one scan, before and after the fused path: the worker's current
 * chain (calibrate each energy at full resolution, downsampleArea each, dualRatio at model
 * resolution, all through the copying Kernels API) against `preprocessForModel` (raw u16 in once,
 * calibration fused into the downsampling, only model-resolution planes out), on the generated
 * 40 ft dual-energy scan (fixtures/generator, seed 1) at the production model's geometry.
 */
import { generateScan } from '../../fixtures/generator/index.js';
import { loadKernels, referenceKernels, type Kernels, type PreprocessOptions, type RawScan } from '../../kernels/index.js';
import { measure, type TimingOptions } from './timing.js';

/** The production model's geometry: 20 mm model pixels (factor 4 at 5 mm), ratio above A = 0.2. */
export const PREPROCESS_OPTIONS: PreprocessOptions = { air: 60000, dark: 0, factor: 4, ratioMinAttenuation: 0.2 };
/** Name of the benchmark case that runs the whole model-input preprocessing of a dual-energy scan. */
export const PREPROCESS_CASE = 'preprocessForModel ×4 (fused)';

export interface ScanPreprocessRow {
  scan: string;
  path: string;
  ms: number;
  runs: number;
}

/** The chain the worker runs today (workers/preprocess-stage.ts calibrateScan + model-input.ts toModelInput). */
export function unfusedChain(k: Kernels, scan: RawScan, o: PreprocessOptions): unknown {
  const high = k.calibrate(scan.high, o.air, o.dark);
  const low = k.calibrate(scan.low!, o.air, o.dark);
  const h = k.downsampleArea(high, scan.width, scan.height, o.factor);
  const l = k.downsampleArea(low, scan.width, scan.height, o.factor);
  return k.dualRatio(h.data, l.data, o.ratioMinAttenuation);
}

/** Times both paths (WASM-SIMD, WASM-scalar) and the reference on the generated 40 ft scan. */
export async function measureScanPreprocess(fast: TimingOptions, slow: TimingOptions): Promise<ScanPreprocessRow[]> {
  const generated = generateScan({ seed: 1, container: '40ft' });
  const scan: RawScan = { width: generated.width, height: generated.height, high: generated.high, low: generated.low };
  const options = { ...PREPROCESS_OPTIONS, air: generated.manifest.airValue ?? 60000, dark: generated.manifest.darkValue ?? 0 };
  const label = `40 ft, seed 1 (${scan.width} × ${scan.height}, dual)`;
  const rows: ScanPreprocessRow[] = [];
  const add = async (path: string, fn: () => unknown, timing: TimingOptions) => {
    const t = await measure(fn, timing);
    rows.push({ scan: label, path, ms: t.medianMs, runs: t.runs });
  };
  for (const variant of ['simd', 'scalar'] as const) {
    const k = loadKernels(variant);
    await add(`WASM-${variant}: calibrate → downsampleArea → dualRatio, copying API (before)`, () => unfusedChain(k, scan, options), fast);
    await add(`WASM-${variant}: preprocessForModel, fused (after)`, () => k.preprocessForModel(scan, options), fast);
  }
  await add('TS reference: preprocessForModel', () => referenceKernels.preprocessForModel(scan, options), slow);
  return rows;
}

/** Markdown table of the per-scan rows, with the speed-up of each "after" over its "before". */
export function scanPreprocessTable(rows: readonly ScanPreprocessRow[]): string {
  const lines = ['| scan | path | ms per scan | runs | speed-up |', '|---|---|---|---|---|'];
  rows.forEach((r, i) => {
    const before = r.path.endsWith('(after)') ? rows[i - 1] : undefined;
    const speedUp = before ? `${(before.ms / r.ms).toFixed(1)}×` : '—';
    lines.push(`| ${r.scan} | ${r.path} | ${r.ms.toFixed(2)} | ${r.runs} | ${speedUp} |`);
  });
  return lines.join('\n');
}
