/**
 * The conv-seg training loop: Adam on the loss of `seg-loss.ts` (per-cell cross-entropy by default), fixed-size
 * batches from `SegCropSampler`, a step decay of the learning rate, and hard-negative mining
 * (the normal training scans scored with the current weights; their most suspicious cells become
 * crop centres) at fixed steps. Deterministic by seed on the same backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { Kernels } from '../../kernels/index.js';
import { ratioPlane } from '../inference/model-input.js';
import { segChannels, type SegNormalisation } from '../inference/seg-input.js';
import { scoreSegCells, type SegGeometry } from '../inference/seg-scorer.js';
import { addInto, batchPart, flatWeights, namedGradients, partGradients, weightedCells, type PartGradients } from './batch-gradients.js';
import type { CellRef, CropBatch, SegCropSampler } from './seg-crops.js';
import { summedSegLoss, type SegLoss } from './seg-loss.js';
import type { ScoringHelper } from './scoring-helper.js';
import type { SegScan } from './seg-scans.js';
import { shareWork } from './share-work.js';
import { WeightAverage } from './weight-average.js';

export interface SegFitOptions {
  steps: number;
  batchSize: number;
  learningRate: number;
  /** The learning rate is multiplied by `decay` at each of these steps. */
  decaySteps: readonly number[];
  decay: number;
  /** Steps at which hard negatives are (re-)mined. */
  mineAtSteps: readonly number[];
  /** Highest-scoring cells kept per normal scan when mining. */
  hardPerScan: number;
  /**
   * With a helper thread, share each step's batch with it (`twoThreadStep`); false keeps every step on
   * this thread, as conv-seg 1.3.0 and earlier were trained (the helper still mines).
   */
  twoThreadSteps: boolean;
  /**
   * Weight averaging (SWA): the weights after every `every`-th step from step `from` on are averaged
   * and the network ends with their mean instead of the last step's weights. Absent: the last step's.
   * Why: retrainings of one recipe differ by ±0.01 AUROC and pass or fail the denser-block probe by
   * chance; the mean over the low-learning-rate tail averages out the last steps' batch noise.
   */
  average?: { from: number; every: number } | null;
  /** γ of the focal loss (`seg-loss.ts`); absent, null or 0: cross-entropy, as every version so far. */
  focalGamma?: number | null;
  /** Weight of each crop's hottest normal and hottest anomalous cell (`seg-loss.ts`), in cells; absent, null or 0: none. */
  hottestCellWeight?: number | null;
  /** Log-odds the hottest anomalous cell's term aims above (`seg-loss.ts`); absent, null or 0: 0, as 1.9.0. */
  hottestCellMargin?: number | null;
  /** Weight of each anomalous crop's pairs with the normal crops of its thread's part of the batch (`seg-loss.ts`), in cells; absent, null or 0: none. */
  pairWeight?: number | null;
  /** Log-odds gap the pair term asks for; absent or null: 0. */
  pairMargin?: number | null;
}

/** What mining needs to score the normal scans as inference would. */
export interface SegMining {
  kernels: Kernels;
  geometry: SegGeometry;
  ratioMinAttenuation: number;
  norm: SegNormalisation;
}

export interface SegFitStats {
  /** Mean loss over each block of `reportEvery` steps. */
  losses: number[];
  samplesPerSecond: number;
  fitSeconds: number;
  /** Crops of each batch whose gradients the helper thread computed (0: one thread). */
  helperCrops: number;
  /** Snapshots of the weights averaged into the final ones (0: the last step's weights). */
  averagedSteps: number;
}

export async function fitSegNetwork(
  network: tf.LayersModel,
  sampler: SegCropSampler,
  crop: number,
  cell: number,
  normals: readonly SegScan[],
  mining: SegMining,
  options: SegFitOptions,
  onReport: (step: number, loss: number, samplesPerSecond: number) => void,
  reportEvery = 100,
  helper?: Pick<ScoringHelper, 'load' | 'mineNormalScan' | 'gradients'>,
): Promise<SegFitStats> {
  if (options.average && options.average.from >= options.steps) throw new RangeError(`Expected average.from below the ${options.steps} steps but received ${options.average.from}`);
  const averaged = options.average ? new WeightAverage(options.average.from, options.average.every) : undefined;
  const optimizer = tf.train.adam(options.learningRate);
  const cells = crop / cell;
  // A batch of one crop cannot be split.
  const stepHelper = options.twoThreadSteps && options.batchSize >= 2 ? helper : undefined;
  const loss: SegLoss = {
    focalGamma: options.focalGamma ?? 0,
    hottestCellWeight: options.hottestCellWeight ?? 0,
    hottestCellMargin: options.hottestCellMargin ?? 0,
    pairWeight: options.pairWeight ?? 0,
    pairMargin: options.pairMargin ?? 0,
  };
  const takeStep = stepHelper ? twoThreadStep(network, optimizer, stepHelper, crop, cells, loss) : oneThreadStep(network, optimizer, crop, cells, loss);
  if (stepHelper) await stepHelper.load(network);
  const losses: number[] = [];
  let block = 0;
  let blockStarted = performance.now();
  let trainMs = 0;
  const started = performance.now();
  let prepared: CropBatch | undefined;
  try {
    for (let step = 0; step < options.steps; step++) {
      // tf.js keeps Adam's learning rate protected but reads it on every step: decaying it in place
      // keeps the moment estimates, which a new optimizer would throw away.
      if (options.decaySteps.includes(step)) (optimizer as unknown as { learningRate: number }).learningRate *= options.decay;
      if (options.mineAtSteps.includes(step)) sampler.setHardNegatives(await mineHardNegatives(network, normals, mining, options.hardPerScan, helper));
      const stepStarted = performance.now();
      const batch = prepared ?? sampler.batch(options.batchSize);
      // The next batch is drawn during this step (while the helper computes), unless mining comes first:
      // the batches are the same as drawn one step at a time.
      const drawNext = step + 1 < options.steps && !options.mineAtSteps.includes(step + 1);
      const outcome = await takeStep(batch, () => (prepared = drawNext ? sampler.batch(options.batchSize) : undefined));
      block += outcome;
      averaged?.afterStep(step, network);
      trainMs += performance.now() - stepStarted;
      if ((step + 1) % reportEvery === 0) {
        const sps = (reportEvery * options.batchSize * 1000) / (performance.now() - blockStarted);
        losses.push(block / reportEvery);
        onReport(step + 1, block / reportEvery, sps);
        block = 0;
        blockStarted = performance.now();
      }
    }
    averaged?.applyTo(network);
  } finally {
    // Adam's moment estimates are tensors: free them however the fit ends.
    optimizer.dispose();
  }
  return {
    losses,
    samplesPerSecond: (options.steps * options.batchSize * 1000) / trainMs,
    fitSeconds: (performance.now() - started) / 1000,
    helperCrops: stepHelper ? helperCrops(options.batchSize) : 0,
    averagedSteps: averaged?.steps ?? 0,
  };
}

/** One Adam step on a batch; `drawNext` is called once during the step. Resolves to the batch loss. */
type TrainingStep = (batch: CropBatch, drawNext: () => void) => Promise<number>;

function oneThreadStep(network: tf.LayersModel, optimizer: tf.Optimizer, crop: number, cells: number, loss: SegLoss): TrainingStep {
  return async (batch, drawNext) => {
    const x = tf.tensor4d(batch.x, [batch.n, crop, crop, batch.x.length / (batch.n * crop * crop)]);
    const y = tf.tensor4d(batch.y, [batch.n, cells, cells, 1]);
    const w = tf.tensor4d(batch.w, [batch.n, cells, cells, 1]);
    // Cross-entropy keeps tf.js's own reduction, the arithmetic conv-seg 1.3.0 was trained with bit for bit.
    const batchLoss = loss.focalGamma === 0 && loss.hottestCellWeight === 0 && !loss.pairWeight
      ? () => tf.losses.sigmoidCrossEntropy(y, network.apply(x, { training: true }) as tf.Tensor, w) as tf.Scalar
      : () => tf.div(summedPartsLoss(y, network.apply(x, { training: true }) as tf.Tensor, w, loss), Math.max(1, weightedCells(batch))) as tf.Scalar;
    const stepLoss = optimizer.minimize(batchLoss, true)!;
    const value = (await stepLoss.data())[0];
    tf.dispose([x, y, w, stepLoss]);
    drawNext();
    return value;
  };
}

/**
 * The batch's summed loss as a two-thread step computes it: the pair term pairs crops within each thread's
 * part only (the parts' gradients are computed apart), so one thread pairs within the same parts.
 */
function summedPartsLoss(labels: tf.Tensor, logits: tf.Tensor, weights: tf.Tensor, loss: SegLoss): tf.Scalar {
  const n = logits.shape[0];
  if (!loss.pairWeight || n < 2) return summedSegLoss(labels, logits, weights, loss);
  const split = helperCrops(n);
  const part = (t: tf.Tensor, from: number, to: number) => tf.slice(t, [from, 0, 0, 0], [to - from, -1, -1, -1]);
  const sumOf = (from: number, to: number) => summedSegLoss(part(labels, from, to), part(logits, from, to), part(weights, from, to), loss);
  return tf.add(sumOf(0, split), sumOf(split, n)) as tf.Scalar;
}

/**
 * Data parallelism: the helper computes the gradients of the first {@link HELPER_SHARE} of the crops
 * with the current weights while this thread computes the rest and draws the next batch; Adam then
 * applies their sum here. Same batches and same gradients as one thread, up to float rounding.
 */
function twoThreadStep(network: tf.LayersModel, optimizer: tf.Optimizer, helper: Pick<ScoringHelper, 'gradients'>, crop: number, cells: number, loss: SegLoss): TrainingStep {
  return async (batch, drawNext) => {
    const split = helperCrops(batch.n);
    // With no weighted cell tf.js's loss is 0 / 0 = NaN; this step's is 0, and so are its gradients.
    const divisor = Math.max(1, weightedCells(batch));
    const theirs = helper.gradients(flatWeights(network), batchPart(batch, 0, split), crop, cells, divisor, loss);
    let mine: PartGradients;
    try {
      mine = partGradients(network, batchPart(batch, split, batch.n), crop, cells, divisor, loss);
      drawNext();
    } finally {
      // Never leave the helper's answer unobserved, even when this thread failed first.
      await theirs.catch(() => undefined);
    }
    const their = await theirs;
    const named = namedGradients(network, addInto(mine.grads, their.grads));
    optimizer.applyGradients(named);
    tf.dispose(Object.values(named));
    return mine.loss + their.loss;
  };
}

/**
 * The helper's share of each batch: more than half, since this thread also draws the next batch
 * (about a fifth of a one-thread step). 0.5, 0.56 and 0.62 measured alike (`npm run bench:training-threads
 * -- --phase fit`, within noise); 0.56 balances the per-thread times measured inside a step.
 * It also decides which crops the pair term pairs (`fit.pairWeight`, within each part): changing it
 * changes that loss, so conv-seg 1.11.1's recipe would no longer train 1.11.1.
 */
export const HELPER_SHARE = 0.56;

/** The helper's crops of a batch of `batchSize`: each thread gets at least one (tf.js wants no empty batch). */
export const helperCrops = (batchSize: number) => Math.min(batchSize - 1, Math.max(1, Math.round(batchSize * HELPER_SHARE)));

/** What a helper thread needs of a normal training scan to mine it. */
export type MiningScan = Pick<SegScan, 'high' | 'low' | 'medians' | 'textures' | 'region' | 'origin'>;

/**
 * The `perScan` highest-scoring cells of every normal scan under the current weights.
 * @param helper a second thread holding the same scans (`setNormals`); it is given the current weights first.
 */
export async function mineHardNegatives(
  network: tf.LayersModel,
  normals: readonly SegScan[],
  mining: SegMining,
  perScan: number,
  helper?: Pick<ScoringHelper, 'load' | 'mineNormalScan'>,
): Promise<CellRef[]> {
  if (helper) await helper.load(network);
  const { kernels, ...settings } = mining;
  const hardest = await shareWork(
    normals.length,
    async (s) => hardestCells(network, normals[s], mining, perScan),
    helper && ((s) => helper.mineNormalScan(s, normals.length, perScan, settings)),
  );
  return hardest.flatMap((cells, s) => cells.map((cell) => ({ scan: s, cell })));
}

/** The `perScan` highest-scoring cells of one scan, as the scorer scores them at inference. */
export async function hardestCells(network: tf.LayersModel, scan: MiningScan, mining: SegMining, perScan: number): Promise<number[]> {
  const { high, low } = scan;
  const ratio = low ? ratioPlane(mining.kernels, high, low, mining.ratioMinAttenuation) : undefined;
  const channels = segChannels(high, ratio, { medians: scan.medians, textures: scan.textures, region: scan.region, origin: scan.origin }, mining.norm);
  // Only cells the scorer would score at inference: the container, not the margin around it.
  const m = mining.geometry.margin;
  const region = { x0: m, y0: m, x1: high.width - m, y1: high.height - m };
  const { raw } = await scoreSegCells(network, channels, high.width, high.height, region, mining.geometry, -Infinity);
  // The scorer's grid covers the crop exactly (its size is a multiple of the cell).
  return Array.from(raw.keys())
    .sort((a, b) => raw[b] - raw[a])
    .slice(0, perScan);
}
