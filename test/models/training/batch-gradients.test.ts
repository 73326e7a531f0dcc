import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../fixtures/generator/prng.js';
import { loadKernels } from '../../../kernels/index.js';
import { selectBackend } from '../../../models/backend.js';
import { SEG_INPUT_SET, SEG_NORMALISATION, segChannelCount } from '../../../models/inference/seg-input.js';
import { addInto, batchPart, flatWeights, namedGradients, partGradients, setFlatWeights, weightedCells } from '../../../models/training/batch-gradients.js';
import { ScoringHelper } from '../../../models/training/scoring-helper.js';
import { CROSS_ENTROPY } from '../../../models/training/seg-loss.js';
import { SegCropSampler, type CropBatch, type CropMix } from '../../../models/training/seg-crops.js';
import { buildSegNetwork } from '../../../models/training/seg-network.js';
import { prepareSegScan } from '../../../models/training/seg-scans.js';
import { fitSegNetwork, helperCrops, mineHardNegatives } from '../../../models/training/seg-training.js';
import { registerWasmGradientKernels } from '../../../models/wasm-gradients/index.js';
import { worstExcess } from '../wasm-gradients/helpers.js';

// Real crops of generated scans (seeds 9,200,000 up: outside every split), a small conv-seg network
// on the wasm backend with our gradient kernels, as `npm run train` uses them.
const kernels = loadKernels();
const OPTIONS = { modelPixelMm: 20, cell: 4, margin: 16, inputSet: SEG_INPUT_SET, deadRowRepair: true };
const MIX: CropMix = { size: 32, anomalyShare: 0.4, injectedShare: 0.3, hardShare: 0.5, singleEnergyShare: 0.3, minContrast: 0.15, positiveWeight: 3, shapes: ['box', 'blob'] };
const LAYERS = [[8, 1], [8, 2], [8, 2]] as const;
const CELLS = MIX.size / 4;
// Mining at step 2 (the batch after it must be drawn after the hard negatives change) and a decay at 3.
const FIT = { batchSize: 8, learningRate: 0.002, decaySteps: [3], decay: 0.5, mineAtSteps: [2], hardPerScan: 4, twoThreadSteps: true };
const MINING = { kernels, geometry: { cell: 4, margin: 16, windows: [[192, 384], [192, 704]] as [number, number][] }, ratioMinAttenuation: 0.2, norm: SEG_NORMALISATION };
const normals = [prepareSegScan(kernels, { seed: 9_200_011, cargo: 'textiles', anomaly: null }, OPTIONS)];
const anomalies = [prepareSegScan(kernels, { seed: 9_200_012, cargo: 'produce', anomaly: 'dense-block' }, OPTIONS)];
const sampler = (seed: number) => new SegCropSampler(normals, anomalies, MIX, { kernels, cell: 4, pixelMm: 20, ratioMinAttenuation: 0.2, norm: SEG_NORMALISATION }, new Rng(seed));
const network = (seed = 5) => buildSegNetwork({ layers: LAYERS, channels: segChannelCount(SEG_INPUT_SET), seed });

/** The gradients `optimizer.minimize` takes: tf.js's default reduction of the weighted loss over the whole batch. */
function wholeBatchGradients(net: tf.LayersModel, batch: CropBatch): { grads: Float32Array; loss: number } {
  const variables = net.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.tidy(() => {
    const x = tf.tensor4d(batch.x, [batch.n, MIX.size, MIX.size, batch.x.length / (batch.n * MIX.size * MIX.size)]);
    const y = tf.tensor4d(batch.y, [batch.n, CELLS, CELLS, 1]);
    const w = tf.tensor4d(batch.w, [batch.n, CELLS, CELLS, 1]);
    return tf.variableGrads(() => tf.losses.sigmoidCrossEntropy(y, net.apply(x, { training: true }) as tf.Tensor, w) as tf.Scalar, variables);
  });
  const flat = Float32Array.from(variables.flatMap((v) => Array.from(grads[v.name].dataSync())));
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return { grads: flat, loss };
}

describe('batch gradients (data-parallel training steps)', () => {
  beforeAll(async () => {
    await selectBackend({ preferred: 'wasm' });
    registerWasmGradientKernels();
  }, 60_000);

  it('when a batch is split in two then the parts\' gradients and losses add up to the whole batch\'s', () => {
    const net = network();
    const batch = sampler(3).batch(8);
    const divisor = weightedCells(batch);
    expect(batch.y.some((y) => y === 1), 'the batch has positive cells').toBe(true);
    // Ignored cells make the divisor (weighted cells) differ from the cell count, as in training.
    expect(batch.w.some((w) => w === 0), 'the batch has ignored cells').toBe(true);

    const first = partGradients(net, batchPart(batch, 0, 5), MIX.size, CELLS, divisor);
    const second = partGradients(net, batchPart(batch, 5, 8), MIX.size, CELLS, divisor);
    const whole = wholeBatchGradients(net, batch);

    expect(worstExcess(addInto(first.grads, second.grads), whole.grads, 1e-4)).toBeLessThanOrEqual(1e-6);
    expect(first.loss + second.loss).toBeCloseTo(whole.loss, 5);
    expect(Math.max(...whole.grads.map(Math.abs))).toBeGreaterThan(1e-3);
    net.dispose();
  });

  it('when weights are flattened and written to another network of the same shape then both compute the same', () => {
    const source = network(5);
    const target = network(99);
    const batch = sampler(4).batch(4);

    setFlatWeights(target, flatWeights(source));

    expect(flatWeights(target)).toEqual(flatWeights(source));
    expect(partGradients(target, batch, MIX.size, CELLS, 100).grads).toEqual(partGradients(source, batch, MIX.size, CELLS, 100).grads);
    expect(() => setFlatWeights(target, new Float32Array(3))).toThrow(`Expected ${flatWeights(source).length} weights but received 3`);
    source.dispose();
    target.dispose();
  });

  it('when flat gradients are named for the optimizer then each variable gets its own slice', () => {
    const net = network();
    const flat = Float32Array.from({ length: flatWeights(net).length }, (_, i) => i);

    const named = namedGradients(net, flat);

    const variables = net.trainableWeights.map((w) => w.read() as tf.Variable);
    expect(Object.keys(named)).toEqual(variables.map((v) => v.name));
    expect(named[variables[1].name].dataSync()[0]).toBe(variables[0].size);
    tf.dispose(Object.values(named));
    net.dispose();
  });

  it("when a batch of 32 crops is split then the helper's part is 18, the parts conv-seg 1.11.1's pair term was trained within", () => {
    expect(helperCrops(32)).toBe(18);
  });

  it('when counting weighted cells then ignored cells (weight 0) are left out', () => {
    expect(weightedCells({ w: new Float32Array([0, 1, 3, 0, 1]) })).toBe(3);
  });
});

describe('data-parallel fit with the helper thread', () => {
  let helper: ScoringHelper;

  beforeAll(async () => {
    await selectBackend({ preferred: 'wasm' });
    registerWasmGradientKernels();
    helper = ScoringHelper.start();
    // The helper mines its share of the normal scans at the mining step, as in training.
    await helper.setNormals(normals);
  }, 60_000);

  afterAll(async () => {
    await helper?.close();
  });

  it('when the helper computes part of a batch then its gradients equal this thread\'s on the weights sent with it', async () => {
    const loaded = network(5);
    const current = network(99);
    await helper.load(loaded);
    const part = sampler(6).batch(4);
    const here = partGradients(current, part, MIX.size, CELLS, 50);

    // The helper holds other weights: the request's weights are the ones that count.
    const there = await helper.gradients(flatWeights(current), batchPart(part, 0, 4), MIX.size, CELLS, 50, CROSS_ENTROPY);

    expect(there.grads).toEqual(here.grads);
    expect(there.loss).toBe(here.loss);
    expect(partGradients(loaded, part, MIX.size, CELLS, 50).grads).not.toEqual(here.grads);
    loaded.dispose();
    current.dispose();
  }, 60_000);

  it.each([
    ['cross-entropy', { focalGamma: null }],
    ['focal loss', { focalGamma: 2 }],
    ['cross-entropy with the hottest-cell term', { hottestCellWeight: 16 }],
    ['cross-entropy with the hottest-cell term and its margin', { hottestCellWeight: 16, hottestCellMargin: 6 }],
    // Pairs are formed within each thread's part of a batch: one thread must pair within the same parts.
    ['cross-entropy with the pair term', { pairWeight: 16, pairMargin: 2 }],
  ])('when a network is fitted with the helper on the %s then its weights match a one-thread fit from the same batches', async (_, loss) => {
    expect(helperCrops(FIT.batchSize)).toBeGreaterThan(0);
    const alone = network();
    const shared = network();
    const untrained = flatWeights(alone);
    const options = { ...FIT, steps: 4, ...loss };

    const soloStats = await fitSegNetwork(alone, sampler(8), MIX.size, 4, normals, MINING, options, () => {}, 2);
    const sharedStats = await fitSegNetwork(shared, sampler(8), MIX.size, 4, normals, MINING, options, () => {}, 2, helper);

    // Four Adam steps on the same batches: only the order of float additions differs.
    expect(worstExcess(flatWeights(shared), flatWeights(alone), 1e-3)).toBeLessThanOrEqual(1e-5);
    expect(worstExcess(flatWeights(alone), untrained, 0)).toBeGreaterThan(1e-4);
    sharedStats.losses.forEach((loss, i) => expect(loss).toBeCloseTo(soloStats.losses[i], 4));
    alone.dispose();
    shared.dispose();
  }, 120_000);

  /** Two shared steps from the same network and batches with `loss` options: the weights after them and the first step's loss. */
  const twoSteps = async (loss: { focalGamma?: number; hottestCellWeight?: number; hottestCellMargin?: number; pairWeight?: number; pairMargin?: number }) => {
    const net = network();
    const stats = await fitSegNetwork(net, sampler(8), MIX.size, 4, normals, MINING, { ...FIT, steps: 2, ...loss }, () => {}, 2, helper);
    const weights = flatWeights(net);
    net.dispose();
    return { weights, firstLoss: stats.losses[0] };
  };
  let crossEntropyRun: ReturnType<typeof twoSteps> | undefined;
  const crossEntropySteps = () => (crossEntropyRun ??= twoSteps({}));

  it('when the hottest-cell term is on then the fit follows other gradients and each batch costs more', async () => {
    const crossEntropy = await crossEntropySteps();

    const withTerm = await twoSteps({ hottestCellWeight: 16 });

    expect(worstExcess(withTerm.weights, crossEntropy.weights, 0)).toBeGreaterThan(1e-5);
    // The same first batch, the same weights before its step: the term only adds.
    expect(withTerm.firstLoss).toBeGreaterThan(crossEntropy.firstLoss);
  }, 120_000);

  it('when the hottest-cell term has a margin then the fit follows other gradients than without it, and each batch costs more', async () => {
    const withoutMargin = await twoSteps({ hottestCellWeight: 16 });

    const withMargin = await twoSteps({ hottestCellWeight: 16, hottestCellMargin: 6 });

    expect(worstExcess(withMargin.weights, withoutMargin.weights, 0)).toBeGreaterThan(1e-5);
    // softplus(6 − z) > softplus(−z) for every anomalous crop's hottest cell.
    expect(withMargin.firstLoss).toBeGreaterThan(withoutMargin.firstLoss);
  }, 120_000);

  it('when the pair term is on then the fit follows other gradients and each batch costs more', async () => {
    const crossEntropy = await crossEntropySteps();

    const withPairs = await twoSteps({ pairWeight: 16, pairMargin: 2 });

    expect(worstExcess(withPairs.weights, crossEntropy.weights, 0)).toBeGreaterThan(1e-5);
    expect(withPairs.firstLoss).toBeGreaterThan(crossEntropy.firstLoss);
  }, 120_000);

  it('when the focal loss is chosen then the fit follows other gradients than cross-entropy\'s', async () => {
    const crossEntropy = await crossEntropySteps();

    const focal = await twoSteps({ focalGamma: 2 });

    expect(worstExcess(focal.weights, crossEntropy.weights, 0)).toBeGreaterThan(1e-5);
    // Every cell's loss is scaled by (1 − p_t)² < 1: the same batches cost less.
    expect(focal.firstLoss).toBeGreaterThan(0);
    expect(focal.firstLoss).toBeLessThan(crossEntropy.firstLoss);
  }, 120_000);

  it('when two-thread steps are off then a fit with the helper equals, bit for bit, the loop 1.3.0 was trained with', async () => {
    const oneThread = { ...FIT, steps: 4, twoThreadSteps: false };
    const withHelper = network();
    const reference = network();

    const stats = await fitSegNetwork(withHelper, sampler(9), MIX.size, 4, normals, MINING, oneThread, () => {}, 4, helper);
    await referenceLoop(reference, sampler(9), oneThread);

    expect(flatWeights(withHelper)).toEqual(flatWeights(reference));
    expect(stats.helperCrops).toBe(0);
    withHelper.dispose();
    reference.dispose();
  }, 120_000);

  it('when weight averaging is on then the fit ends with the mean of the weights after the averaged steps', async () => {
    const oneThread = { ...FIT, twoThreadSteps: false };
    const afterStep = async (steps: number) => {
      const net = network();
      await fitSegNetwork(net, sampler(10), MIX.size, 4, normals, MINING, { ...oneThread, steps }, () => {}, 1);
      return flatWeights(net);
    };
    const [w1, w3] = [await afterStep(2), await afterStep(4)];
    const averaged = network();

    // Steps 1 and 3 (0-based) are averaged; the fit runs on to step 4, which is not.
    const stats = await fitSegNetwork(averaged, sampler(10), MIX.size, 4, normals, MINING, { ...oneThread, steps: 5, average: { from: 1, every: 2 } }, () => {}, 1);

    expect(stats.averagedSteps).toBe(2);
    expect(worstExcess(flatWeights(averaged), w1.map((v, i) => (v + w3[i]) / 2), 1e-6)).toBeLessThanOrEqual(1e-7);
    expect(worstExcess(w3, w1, 0)).toBeGreaterThan(1e-4);
    await expect(fitSegNetwork(network(), sampler(10), MIX.size, 4, normals, MINING, { ...oneThread, steps: 5, average: { from: 5, every: 1 } }, () => {}, 1)).rejects.toThrow(RangeError);
    averaged.dispose();
  }, 120_000);
});

/** The training loop before two-thread steps (conv-seg 1.3.0): mine, draw the batch, `minimize`, one step at a time. */
async function referenceLoop(net: tf.LayersModel, crops: SegCropSampler, options: typeof FIT & { steps: number }): Promise<void> {
  const optimizer = tf.train.adam(options.learningRate);
  for (let step = 0; step < options.steps; step++) {
    if (options.decaySteps.includes(step)) (optimizer as unknown as { learningRate: number }).learningRate *= options.decay;
    if (options.mineAtSteps.includes(step)) crops.setHardNegatives(await mineHardNegatives(net, normals, MINING, options.hardPerScan));
    const batch = crops.batch(options.batchSize);
    const x = tf.tensor4d(batch.x, [batch.n, MIX.size, MIX.size, batch.x.length / (batch.n * MIX.size * MIX.size)]);
    const y = tf.tensor4d(batch.y, [batch.n, CELLS, CELLS, 1]);
    const w = tf.tensor4d(batch.w, [batch.n, CELLS, CELLS, 1]);
    const loss = optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, net.apply(x, { training: true }) as tf.Tensor, w) as tf.Scalar, true)!;
    await loss.data();
    tf.dispose([x, y, w, loss]);
  }
  optimizer.dispose();
}
