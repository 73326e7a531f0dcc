/**
 * Training throughput of a small conv autoencoder on 64×64 inputs:
 *   - wasm backend + the AssemblyScript SIMD gradient kernels (models/wasm-gradients),
 *   - the same but keeping the backend's stock (scalar C++) Conv2DBackpropInput,
 *   - wasm backend + the scalar TypeScript reference kernels for the missing gradients,
 *   - the plain cpu backend (few steps: it is slow).
 * Plus the two conv gradient kernels alone on each conv layer's shapes. Fixed seeded inputs and
 * weights, warm-up steps, medians. Writes bench/results/gradients.{json,md}.
 *
 * Usage: npm run bench:gradients -- [--batch 8] [--channels 1] [--wasm-steps 20] [--reference-steps 3]
 *        [--cpu-steps 3] [--out gradients]   (writes bench/results/<out>.{json,md})
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  conv2dBackpropFilterReference, conv2dBackpropInputReference, convGeometry, loadGradientModule,
  registerWasmGradientKernels, unregisterWasmGradientKernels,
} from '../models/wasm-gradients/index.js';

const { values: args } = parseArgs({
  options: {
    batch: { type: 'string', default: '8' },
    channels: { type: 'string', default: '1' },
    'wasm-steps': { type: 'string', default: '20' },
    'reference-steps': { type: 'string', default: '3' },
    'cpu-steps': { type: 'string', default: '3' },
    out: { type: 'string', default: 'gradients' },
  },
});
const BATCH = Number(args.batch);
const CHANNELS = Number(args.channels);
const SIZE = 64;
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

setWasmPaths(fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));

/** Deterministic uniform values in [0, 1) (mulberry32). */
function uniform(length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

/**
 * The benchmarked autoencoder: 64×64×C → 16×16×32 → 64×64×C, the shape of a tile-level
 * reconstruction model (conv + max-pool encoder, up-sampling + conv decoder).
 */
function buildAutoencoder(): tf.Sequential {
  let seed = 1;
  const conv = (filters: number, activation: 'relu' | 'sigmoid', inputShape?: number[]) => tf.layers.conv2d({
    filters, kernelSize: 3, padding: 'same', activation, inputShape,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
  });
  const model = tf.sequential();
  model.add(conv(16, 'relu', [SIZE, SIZE, CHANNELS]));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(conv(32, 'relu'));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(conv(32, 'relu'));
  model.add(tf.layers.upSampling2d({ size: [2, 2] }));
  model.add(conv(16, 'relu'));
  model.add(tf.layers.upSampling2d({ size: [2, 2] }));
  model.add(conv(CHANNELS, 'sigmoid'));
  return model;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

interface TrainingResult {
  name: string;
  backend: string;
  steps: number;
  medianStepMs: number;
  /** Fastest step: on a shared machine contention only adds time, so this is the least disturbed. */
  bestStepMs: number;
  samplesPerSecond: number;
  firstLoss: number;
  lastLoss: number;
}

/** Times `steps` training steps (after one warm-up step) of the autoencoder on the current backend. */
async function timeTraining(name: string, steps: number): Promise<TrainingResult> {
  const model = buildAutoencoder();
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  const images = tf.tidy(() => {
    const noise = tf.tensor4d(uniform(BATCH * SIZE * SIZE * CHANNELS, 99), [BATCH, SIZE, SIZE, CHANNELS]);
    return tf.avgPool(noise, 5, 1, 'same');
  });
  const losses: number[] = [];
  losses.push(Number(await model.trainOnBatch(images, images)));
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    // trainOnBatch reads the loss back, so the step has finished when it resolves.
    losses.push(Number(await model.trainOnBatch(images, images)));
    times.push(performance.now() - start);
    process.stdout.write('.');
  }
  tf.dispose(images);
  model.dispose();
  const medianStepMs = median(times);
  return {
    name, backend: tf.getBackend(), steps, medianStepMs, bestStepMs: Math.min(...times),
    samplesPerSecond: (BATCH * 1000) / medianStepMs,
    firstLoss: losses[0], lastLoss: losses[losses.length - 1],
  };
}

interface KernelResult {
  kernel: string; layer: string; x: number[]; filter: number[]; wasmMs: number; referenceMs: number; cpuMs: number;
}

/** Median time of `fn` over `runs` runs after one warm-up run. */
function timeMedian(fn: () => void, runs: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Both conv gradient kernels alone on the autoencoder's layer shapes: WASM vs TS reference vs cpu. */
async function timeKernels(): Promise<KernelResult[]> {
  const module = loadGradientModule();
  const layers: Array<[string, number[], number[]]> = [
    ['conv1', [BATCH, 64, 64, CHANNELS], [3, 3, CHANNELS, 16]],
    ['conv2', [BATCH, 32, 32, 16], [3, 3, 16, 32]],
    ['conv3', [BATCH, 16, 16, 32], [3, 3, 32, 32]],
    ['conv4', [BATCH, 32, 32, 32], [3, 3, 32, 16]],
    ['conv5', [BATCH, 64, 64, 16], [3, 3, 16, CHANNELS]],
  ];
  await tf.setBackend('cpu');
  const results: KernelResult[] = [];
  for (const [layer, xShape, filterShape] of layers) {
    const g = convGeometry('Conv2DBackpropFilter', xShape, filterShape, { strides: 1, pad: 'same' }, false);
    const dyShape = [g.batch, g.outH, g.outW, g.outC];
    const x = uniform(xShape.reduce((p, d) => p * d, 1), 5);
    const dy = uniform(dyShape.reduce((p, d) => p * d, 1), 6);
    const filter = uniform(filterShape.reduce((p, d) => p * d, 1), 7);
    const xt = tf.tensor(x, xShape);
    const dyt = tf.tensor(dy, dyShape);
    const ft = tf.tensor(filter, filterShape);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape, inputShape: xShape } as unknown as tf.NamedAttrMap;
    results.push({
      kernel: 'Conv2DBackpropFilter', layer, x: xShape, filter: filterShape,
      wasmMs: timeMedian(() => module.run('conv2dBackpropFilter', x, dy, filter.length, g), 9),
      referenceMs: timeMedian(() => conv2dBackpropFilterReference(x, dy, g), 1),
      cpuMs: timeMedian(() => tf.dispose(tf.engine().runKernel('Conv2DBackpropFilter', { x: xt, dy: dyt }, attrs)), 1),
    });
    // The first layer's input gradient is never needed in training; it is timed for completeness.
    results.push({
      kernel: 'Conv2DBackpropInput', layer, x: xShape, filter: filterShape,
      wasmMs: timeMedian(() => module.run('conv2dBackpropInput', dy, filter, x.length, g), 9),
      referenceMs: timeMedian(() => conv2dBackpropInputReference(dy, filter, g), 1),
      cpuMs: timeMedian(() => tf.dispose(tf.engine().runKernel('Conv2DBackpropInput', { dy: dyt, filter: ft }, attrs)), 1),
    });
    tf.dispose([xt, dyt, ft]);
    process.stdout.write('.');
  }
  return results;
}

function markdown(training: TrainingResult[], kernels: KernelResult[], env: Record<string, string | number>): string {
  const cpu = training.find((r) => r.backend === 'cpu');
  const lines = [
    `# WASM gradient kernels: training throughput`,
    '',
    `Conv autoencoder 64×64×${CHANNELS} → 16×16×32 → 64×64×${CHANNELS} (5 conv layers, 3×3, Adam, MSE), batch ${BATCH}.`,
    `Command: \`${['npm run bench:gradients', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ')}\`. ${Object.entries(env).map(([k, v]) => `${k}: ${v}`).join('; ')}.`,
    '',
    'samples/s = batch / median step time; "vs cpu" compares samples/s with the cpu backend row.',
    '',
    '| configuration | steps timed | median step (ms) | best step (ms) | samples/s | vs cpu |',
    '|---|---|---|---|---|---|',
    ...training.map((r) => `| ${r.name} | ${r.steps} | ${r.medianStepMs.toFixed(1)} | ${r.bestStepMs.toFixed(1)} | ${r.samplesPerSecond.toFixed(2)} | ${cpu ? `${(r.samplesPerSecond / cpu.samplesPerSecond).toFixed(1)}×` : '-'} |`),
    '',
    'Gradient kernels alone (median ms per call, the shapes of the layers above, stride 1, \'same\'):',
    '',
    '| kernel | layer | x | filter | WASM SIMD | TS reference | tfjs cpu kernel |',
    '|---|---|---|---|---|---|---|',
    ...kernels.map((k) => `| ${k.kernel} | ${k.layer} | ${k.x.join('×')} | ${k.filter.join('×')} | ${k.wasmMs.toFixed(2)} | ${k.referenceMs.toFixed(1)} | ${k.cpuMs.toFixed(1)} |`),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const training: TrainingResult[] = [];
  await tf.setBackend('wasm');
  registerWasmGradientKernels({ implementation: 'wasm' });
  training.push(await timeTraining('wasm + WASM SIMD gradient kernels (all 4)', Number(args['wasm-steps'])));
  const threads = getThreadsCount();
  unregisterWasmGradientKernels();
  registerWasmGradientKernels({ implementation: 'wasm', replaceStock: false });
  training.push(await timeTraining('wasm + WASM SIMD missing kernels, stock Conv2DBackpropInput', Number(args['wasm-steps'])));
  unregisterWasmGradientKernels();
  registerWasmGradientKernels({ implementation: 'reference', replaceStock: false });
  training.push(await timeTraining('wasm + TS reference missing kernels, stock Conv2DBackpropInput', Number(args['reference-steps'])));
  await tf.setBackend('cpu');
  training.push(await timeTraining('cpu backend (tfjs-backend-cpu)', Number(args['cpu-steps'])));
  const kernels = await timeKernels();
  process.stdout.write('\n');

  const env = {
    node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length,
    tfjs: tf.version.tfjs, 'wasm threads': threads,
    // The machine is shared: a 1-minute load average above the core count means noisy timings.
    'load average (1 min) at end': os.loadavg()[0].toFixed(2), date: new Date().toISOString(),
  };
  const md = markdown(training, kernels, env);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}${args.out}.json`, `${JSON.stringify({ batch: BATCH, channels: CHANNELS, size: SIZE, env, training, kernels }, null, 2)}\n`);
  writeFileSync(`${RESULTS}${args.out}.md`, md);
  console.log(md);
}

await main();
