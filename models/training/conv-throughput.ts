/**
 * `npx tsx models/training/conv-throughput.ts [--model conv-patch|conv-seg] [--steps <n>] [--cpu-steps <n>]`:
 * training throughput of a conv network (the shape and batch of its training config) on the wasm
 * backend with our gradient kernels and on the plain cpu backend. Random inputs, fixed seed; two
 * warm-up steps, then the median step. The cpu backend is slow, so it runs fewer steps.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../fixtures/generator/prng.js';
import { ValidationError, invalidParameter } from '../../core/errors.js';
import { selectBackend } from '../backend.js';
import { PATCH_CHANNELS } from '../inference/patch-input.js';
import { segChannelCount } from '../inference/seg-input.js';
import { FEATURE_COUNT } from '../inference/tile-features.js';
import { registerWasmGradientKernels } from '../wasm-gradients/index.js';
import { buildConvNetwork } from './conv-network.js';
import { CONV_TRAIN_CONFIG } from './conv-train-config.js';
import { buildSegNetwork } from './seg-network.js';
import { SEG_TRAIN_CONFIG } from './seg-train-config.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);

interface Workload {
  batch: number;
  /** Builds the network and its inputs; returns one training step. */
  prepare(random: (n: number) => Float32Array): () => Promise<void>;
}

const WORKLOADS: Record<string, Workload> = {
  'conv-patch': {
    batch: CONV_TRAIN_CONFIG.fit.batchSize,
    prepare(random) {
      const c = CONV_TRAIN_CONFIG;
      const batch = c.fit.batchSize;
      const network = buildConvNetwork({ tileSize: c.tileSize, classCount: 3, ...c.conv, seed: c.seed });
      const probabilities = tf.layers.activation({ activation: 'softmax' }).apply(network.outputs[0]) as tf.SymbolicTensor;
      const trainer = tf.model({ inputs: network.inputs, outputs: probabilities });
      trainer.compile({ optimizer: tf.train.adam(c.fit.learningRate), loss: 'categoricalCrossentropy' });
      const xs = tf.tensor2d(random(batch * FEATURE_COUNT), [batch, FEATURE_COUNT]);
      const ps = tf.tensor4d(random(batch * c.tileSize * c.tileSize * PATCH_CHANNELS), [batch, c.tileSize, c.tileSize, PATCH_CHANNELS]);
      const ys = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 3), 'int32'), 3);
      return async () => {
        await trainer.trainOnBatch([xs, ps], ys);
      };
    },
  },
  'conv-seg': {
    batch: SEG_TRAIN_CONFIG.fit.batchSize,
    prepare(random) {
      const c = SEG_TRAIN_CONFIG;
      const batch = c.fit.batchSize;
      const size = c.crops.size;
      const cells = size / c.geometry.cell;
      const channels = segChannelCount(c.norm.set);
      const network = buildSegNetwork({ layers: c.layers, channels, seed: c.seed });
      const optimizer = tf.train.adam(c.fit.learningRate);
      const x = tf.tensor4d(random(batch * size * size * channels), [batch, size, size, channels]);
      const y = tf.tensor4d(random(batch * cells * cells).map((v) => (v < 0.1 ? 1 : 0)), [batch, cells, cells, 1]);
      return async () => {
        const loss = optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, network.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true)!;
        await loss.data();
        loss.dispose();
      };
    },
  },
};

const name = option('--model', 'conv-patch');
const workload = WORKLOADS[name];
if (!workload) throw new ValidationError(invalidParameter('--model', Object.keys(WORKLOADS).join(' or '), name));

async function measure(backend: 'wasm' | 'cpu', steps: number): Promise<{ medianMs: number; samplesPerSecond: number }> {
  // selectBackend chooses once per process (wasm); the cpu backend is switched to directly.
  if (backend === 'wasm') {
    await selectBackend({ preferred: 'wasm' });
    registerWasmGradientKernels();
  } else {
    await tf.setBackend('cpu');
  }
  if (tf.getBackend() !== backend) throw new Error(`Expected backend ${backend}, got ${tf.getBackend()}`);
  const rng = Rng.stream(20261127, 'throughput');
  const step = workload.prepare((n) => Float32Array.from({ length: n }, () => rng.next()));
  const times: number[] = [];
  for (let i = 0; i < steps + 2; i++) {
    const started = performance.now();
    await step();
    if (i >= 2) times.push(performance.now() - started);
  }
  tf.disposeVariables();
  const medianMs = times.sort((a, b) => a - b)[times.length >> 1];
  return { medianMs, samplesPerSecond: (workload.batch * 1000) / medianMs };
}

const wasm = await measure('wasm', Number(option('--steps', '20')));
const cpu = await measure('cpu', Number(option('--cpu-steps', '3')));
process.stdout.write(
  `${name} training step, batch ${workload.batch}:\n` +
    `  wasm + gradient kernels: ${wasm.medianMs.toFixed(1)} ms/step, ${wasm.samplesPerSecond.toFixed(0)} samples/s\n` +
    `  cpu backend:             ${cpu.medianMs.toFixed(1)} ms/step, ${cpu.samplesPerSecond.toFixed(0)} samples/s\n` +
    `  ratio: ${(wasm.samplesPerSecond / cpu.samplesPerSecond).toFixed(1)}x\n`,
);
