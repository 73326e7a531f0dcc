/**
 * `npx tsx models/training/conv-throughput.ts [--steps <n>] [--cpu-steps <n>]`: training throughput
 * of the conv-patch network (the shape in `conv-train-config.ts`, batch as configured) on the wasm
 * backend with our gradient kernels and on the plain cpu backend. Random inputs, fixed seed; a few
 * warm-up steps, then the median step. The cpu backend is slow, so it runs fewer steps.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../fixtures/generator/prng.js';
import { selectBackend } from '../backend.js';
import { PATCH_CHANNELS } from '../inference/patch-input.js';
import { FEATURE_COUNT } from '../inference/tile-features.js';
import { registerWasmGradientKernels } from '../wasm-gradients/index.js';
import { buildConvNetwork } from './conv-network.js';
import { CONV_TRAIN_CONFIG } from './conv-train-config.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const c = CONV_TRAIN_CONFIG;
const batch = c.fit.batchSize;

async function measure(backend: 'wasm' | 'cpu', steps: number): Promise<{ medianMs: number; samplesPerSecond: number }> {
  // selectBackend chooses once per process (wasm); the cpu backend is switched to directly.
  if (backend === 'wasm') {
    await selectBackend({ preferred: 'wasm' });
    registerWasmGradientKernels();
  } else {
    await tf.setBackend('cpu');
  }
  if (tf.getBackend() !== backend) throw new Error(`Expected backend ${backend}, got ${tf.getBackend()}`);
  const shape = { tileSize: c.tileSize, classCount: 3, ...c.conv, seed: c.seed };
  const network = buildConvNetwork(shape);
  const probabilities = tf.layers.activation({ activation: 'softmax' }).apply(network.outputs[0]) as tf.SymbolicTensor;
  const trainer = tf.model({ inputs: network.inputs, outputs: probabilities });
  trainer.compile({ optimizer: tf.train.adam(c.fit.learningRate), loss: 'categoricalCrossentropy' });
  const rng = Rng.stream(c.seed, 'throughput');
  const random = (n: number) => Float32Array.from({ length: n }, () => rng.next());
  const xs = tf.tensor2d(random(batch * FEATURE_COUNT), [batch, FEATURE_COUNT]);
  const ps = tf.tensor4d(random(batch * c.tileSize * c.tileSize * PATCH_CHANNELS), [batch, c.tileSize, c.tileSize, PATCH_CHANNELS]);
  const ys = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 3), 'int32'), 3);
  const times: number[] = [];
  for (let step = 0; step < steps + 2; step++) {
    const started = performance.now();
    await trainer.trainOnBatch([xs, ps], ys);
    if (step >= 2) times.push(performance.now() - started);
  }
  tf.dispose([xs, ps, ys]);
  tf.disposeVariables();
  const medianMs = times.sort((a, b) => a - b)[times.length >> 1];
  return { medianMs, samplesPerSecond: (batch * 1000) / medianMs };
}

const wasm = await measure('wasm', option('--steps', 20));
const cpu = await measure('cpu', option('--cpu-steps', 3));
process.stdout.write(
  `conv-patch training step, batch ${batch}:\n` +
    `  wasm + gradient kernels: ${wasm.medianMs.toFixed(1)} ms/step, ${wasm.samplesPerSecond.toFixed(0)} samples/s\n` +
    `  cpu backend:             ${cpu.medianMs.toFixed(1)} ms/step, ${cpu.samplesPerSecond.toFixed(0)} samples/s\n` +
    `  ratio: ${(wasm.samplesPerSecond / cpu.samplesPerSecond).toFixed(1)}x\n`,
);
