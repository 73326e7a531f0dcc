/**
 * `npm run bench:kernels`: every kernel on a 40 ft scan at 5 mm and 2 mm, through WASM-SIMD,
 * WASM-scalar, the TypeScript reference and the peers that have the operation (sharp, OpenCV.js),
 * beside a memory-bandwidth reference. Prints one table, writes bench/results/kernels.{json,md,png}
 * and refreshes the table in bench/README.md.
 * A benchmark, not a test: numbers depend on the machine and its load.
 *
 * Options: --quick (fewer runs, for a smoke check).
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadKernels, referenceKernels, type Kernels } from '../kernels/index.js';
import { CASES } from './kernels/cases.js';
import { coreRunners } from './kernels/core.js';
import { BENCH_SIZES, makeInput, type BenchInput } from './kernels/inputs.js';
import { loadOpenCv, openCvRunners, sharpRunners, type Runner } from './kernels/peers.js';
import { measureScanPreprocess } from './kernels/preprocess.js';
import { profileBoundary, type BoundaryProfile } from './kernels/profile.js';
import { residentRunners } from './kernels/resident.js';
import { writeResults, type Implementation, type Row } from './kernels/report.js';
import { measure, type TimingOptions } from './kernels/timing.js';

const quick = process.argv.includes('--quick');
const FAST: TimingOptions = quick ? { warmup: 1, runs: 3, budgetMs: 200 } : { warmup: 3, runs: 15, budgetMs: 1200 };
const SLOW: TimingOptions = quick ? { warmup: 0, runs: 1, budgetMs: 0 } : { warmup: 1, runs: 5, budgetMs: 2500 };
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const README = fileURLToPath(new URL('./README.md', import.meta.url));

function progress(text: string): void {
  process.stderr.write(`\r\x1b[K${text}`);
}

/** Median ms of copying `bytes / 2` bytes, i.e. moving `bytes` bytes of reads plus writes. */
async function copyMs(bytes: number): Promise<number> {
  const src = new Uint8Array(Math.ceil(bytes / 2)).fill(7);
  const dst = new Uint8Array(src.length);
  return (await measure(() => dst.set(src), FAST)).medianMs;
}

async function benchSize(input: BenchInput, cv: unknown, step: { done: number; total: number }): Promise<Row[]> {
  const simd = loadKernels('simd');
  const kernels: Array<[Implementation, Kernels]> = [['simd', simd], ['scalar', loadKernels('scalar')], ['reference', referenceKernels]];
  const core = coreRunners('simd', input);
  const sharpRun = sharpRunners(input);
  const opencv = openCvRunners(cv, input);
  const resident = residentRunners(simd, input);
  const rows: Row[] = [];
  for (const c of CASES) {
    const row: Row = {
      size: input.size.label, megapixels: input.n / 1e6, kernel: c.name, kind: c.kind, ms: {}, runs: {},
      copyMs: await copyMs(c.bytesPerPixel * input.n),
    };
    const runners: Array<[Implementation, Runner | undefined, TimingOptions]> = [
      ...kernels.map(([impl, k]): [Implementation, Runner, TimingOptions] => [impl, () => c.run(k, input), impl === 'reference' ? SLOW : FAST]),
      ['simdResident', resident.runners[c.name], FAST],
      ['simdCore', core[c.name], FAST],
      ['sharp', sharpRun[c.name], FAST],
      ['opencv', opencv.runners[c.name], FAST],
    ];
    for (const [impl, run, options] of runners) {
      if (!run) continue;
      progress(`[${++step.done}/${step.total}] ${input.size.label} ${c.name} ${impl}`);
      const t = await measure(run, options);
      row.ms[impl] = t.medianMs;
      row.runs[impl] = t.runs;
    }
    rows.push(row);
  }
  opencv.dispose();
  resident.dispose();
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  const load = loadavg().map((l) => l.toFixed(2)).join(', ');
  progress('loading OpenCV.js');
  const cv = await loadOpenCv();
  const rows: Row[] = [];
  const step = { done: 0, total: 0 };
  const inputs = BENCH_SIZES.map((size) => {
    progress(`building seeded input ${size.label}`);
    return makeInput(size);
  });
  step.total = inputs.length * CASES.length * 7;
  const profiles: BoundaryProfile[] = [];
  for (const input of inputs) {
    rows.push(...(await benchSize(input, cv, step)));
    progress(`profiling the WASM boundary ${input.size.label}`);
    profiles.push(...(await profileBoundary(input, FAST)));
  }
  progress('preprocessing the generated 40 ft scan');
  const scans = await measureScanPreprocess(FAST, SLOW);
  progress('');
  const md = await writeResults(RESULTS_DIR, README, rows, profiles, scans, {
    load, loadAtEnd: loadavg().map((l) => l.toFixed(2)).join(', '),
    date: new Date().toISOString(), cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version,
    quick, seconds: Math.round((performance.now() - started) / 1000),
  });
  process.stdout.write(`${md}\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s; written to bench/results/\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
