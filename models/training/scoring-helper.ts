/**
 * A second thread that prepares the training scans and scores scans with a copy of the network being
 * trained, so that scan generation, hard-negative mining, calibration and validation, which handle
 * hundreds to thousands of scans one at a time, use both cores (`share-work.ts` splits the scans);
 * during the fit it computes the gradients of part of each batch (`batch-gradients.ts`); for
 * `npm run eval` it loads the installed versions being evaluated and scores test scans with them.
 * The helper scores with the same backend and the same functions as the main thread, so a scan's
 * score does not depend on which thread computed it. Several requests may be in flight: the helper
 * runs them one after another, so it always has the next job at hand instead of waiting for the
 * main thread, busy with a scan of its own, to read an answer and send the next request.
 */
import * as tf from '@tensorflow/tfjs';
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../fixtures/ts-worker.js';
import { activeBackend, type BackendName } from '../backend.js';
import type { ScoredTestScan, ScoreOptions } from '../evaluation/score-test-set.js';
import type { TestScanPlan } from '../evaluation/test-set.js';
import type { ScanResult } from '../evaluation/validate.js';
import type { ModelMeta } from '../inference/model-meta.js';
import type { PartGradients } from './batch-gradients.js';
import type { CalibrationScan, CalibrationScanConfig } from './calibration-scan.js';
import type { ScanPlan } from './dataset.js';
import type { CropBatch } from './seg-crops.js';
import type { SegLoss } from './seg-loss.js';
import type { SegScan, SegScanOptions } from './seg-scans.js';
import type { MiningScan, SegMining } from './seg-training.js';

export type HelperRequest =
  | { kind: 'load'; backend: BackendName; artifacts: tf.io.ModelArtifacts; meta?: ModelMeta }
  | { kind: 'segScan'; plan: ScanPlan; options: SegScanOptions }
  | { kind: 'normals'; scans: MiningScan[] }
  | { kind: 'mine'; scan: number; count: number; perScan: number; mining: MiningSettings }
  | { kind: 'calibration'; index: number; config: CalibrationScanConfig }
  | { kind: 'validation'; plan: ScanPlan }
  | { kind: 'gradients'; weights: Float32Array; part: CropBatch; crop: number; cells: number; divisor: number; loss: SegLoss }
  | { kind: 'models'; backend: BackendName; dirs: string[] }
  | { kind: 'testScan'; plan: TestScanPlan; options: TestScanOptions };

/** What scoring a test scan needs besides the models and kernels, which the helper loads itself. */
export type TestScanOptions = Pick<ScoreOptions, 'thresholds' | 'weightTolerance'>;

/** The mining settings besides the kernels, which the helper loads itself. */
export type MiningSettings = Omit<SegMining, 'kernels'>;

export type HelperAnswer = { kind: 'done' } | { kind: 'segScan'; scan: SegScan } | { kind: 'mine'; cells: number[] } | { kind: 'calibration'; scan: CalibrationScan } | { kind: 'validation'; result: ScanResult } | ({ kind: 'gradients' } & PartGradients) | { kind: 'testScan'; scan: ScoredTestScan } | { kind: 'failed'; message: string };

/** Messages between the threads: a request or its answer, matched by id. */
export interface HelperEnvelope<T> {
  id: number;
  body: T;
}

export class ScoringHelper {
  private readonly pending = new Map<number, { resolve: (answer: HelperAnswer) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  /** Set once the thread has failed or been closed: every request from then on is refused. */
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', ({ id, body }: HelperEnvelope<HelperAnswer>) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      waiting?.resolve(body);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('messageerror', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`scoring helper thread exited (code ${code})`)));
  }

  /** Starts the thread; `load` gives it a network before anything is scored. */
  static start(): ScoringHelper {
    return new ScoringHelper(startTsWorker(new URL('./scoring-helper-worker.ts', import.meta.url), null));
  }

  /**
   * Replaces the helper's network with `network`'s current weights, and its meta when given (after
   * calibration, the meta carries the calibration scores). Callers load before each phase that
   * shares work: the helper scores with what it was last given.
   */
  async load(network: tf.LayersModel, meta?: ModelMeta): Promise<void> {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await network.save(
      tf.io.withSaveHandler(async (saved) => {
        artifacts = saved;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const backend = activeBackend();
    if (!backend) throw new Error(`the helper can only score on a backend selectBackend knows; tf.js runs on ${tf.getBackend()}`);
    await this.ask({ kind: 'load', backend, artifacts: artifacts!, meta }, 'done');
  }

  /** A training scan prepared on the helper thread (`prepareSegScan`); needs no network. */
  async segScan(plan: ScanPlan, options: SegScanOptions): Promise<SegScan> {
    return (await this.ask({ kind: 'segScan', plan, options }, 'segScan')).scan;
  }

  /** Hands the helper a copy of the normal training scans that `mineNormalScan` refers to by index (an empty list frees them). */
  async setNormals(scans: readonly MiningScan[]): Promise<void> {
    await this.ask({ kind: 'normals', scans: scans.map(({ high, low, medians, textures, region, origin }) => ({ high, low, medians, textures, region, origin })) }, 'done');
  }

  /**
   * `hardestCells` of normal scan `scan` under the loaded weights.
   * @param scan an index into the list given to `setNormals`, of `count` scans (checked, so a helper
   *   holding another list fails instead of mining the wrong scan).
   */
  async mineNormalScan(scan: number, count: number, perScan: number, mining: MiningSettings): Promise<number[]> {
    return (await this.ask({ kind: 'mine', scan, count, perScan, mining }, 'mine')).cells;
  }

  async calibrationScan(index: number, config: CalibrationScanConfig): Promise<CalibrationScan> {
    return (await this.ask({ kind: 'calibration', index, config }, 'calibration')).scan;
  }

  async validationScan(plan: ScanPlan): Promise<ScanResult> {
    return (await this.ask({ kind: 'validation', plan }, 'validation')).result;
  }

  /**
   * `partGradients` of `part` with `weights` (`flatWeights` of the network being trained, whose shape
   * the helper got from `load`). The crops' whole buffers are moved to the helper, not copied: `part`
   * must own them (as `batchPart` gives them) and the caller must not use it afterwards.
   * @example const theirs = helper.gradients(flatWeights(network), batchPart(batch, 0, 18), 64, 16, weightedCells(batch), CROSS_ENTROPY);
   */
  async gradients(weights: Float32Array, part: CropBatch, crop: number, cells: number, divisor: number, loss: SegLoss): Promise<PartGradients> {
    for (const a of [part.x, part.y, part.w]) if (a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength) throw new RangeError('Expected a batch part owning its buffers (batchPart) but received a view into a larger buffer');
    const answer = await this.ask({ kind: 'gradients', weights, part, crop, cells, divisor, loss }, 'gradients', [part.x.buffer, part.y.buffer, part.w.buffer] as ArrayBuffer[]);
    return { grads: answer.grads, loss: answer.loss };
  }

  /**
   * Loads the model versions in `dirs` (as `loadAnomalyModel` does, on this thread's backend) for
   * `testScan`, in the order the evaluation scores them.
   */
  async loadModels(dirs: readonly string[]): Promise<void> {
    const backend = activeBackend();
    if (!backend) throw new Error(`the helper can only score on a backend selectBackend knows; tf.js runs on ${tf.getBackend()}`);
    await this.ask({ kind: 'models', backend, dirs: [...dirs] }, 'done');
  }

  /** `scoreTestScan` of `plan` with the models given to `loadModels`. */
  async testScan(plan: TestScanPlan, options: TestScanOptions): Promise<ScoredTestScan> {
    return (await this.ask({ kind: 'testScan', plan, options }, 'testScan')).scan;
  }

  /** Stops the thread; requests still waiting are rejected. */
  async close(): Promise<void> {
    this.fail(new Error('scoring helper closed'));
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private async ask<K extends HelperAnswer['kind']>(request: HelperRequest, expected: K, transfer: ArrayBuffer[] = []): Promise<Extract<HelperAnswer, { kind: K }>> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const answer = await new Promise<HelperAnswer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, body: request } satisfies HelperEnvelope<HelperRequest>, transfer);
    });
    if (answer.kind === 'failed') throw new Error(`scoring helper: ${answer.message}`);
    if (answer.kind !== expected) throw new Error(`scoring helper answered ${answer.kind} to a ${request.kind} request`);
    return answer as Extract<HelperAnswer, { kind: K }>;
  }
}
