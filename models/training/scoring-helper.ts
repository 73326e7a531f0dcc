/**
 * A second thread that scores generated scans with a copy of the network being trained, so that
 * calibration and validation, which score a thousand and more scans one at a time on one core, use
 * both cores (`share-work.ts` splits the scans). The helper scores with the same backend and the same
 * functions as the main thread, so a scan's score does not depend on which thread computed it.
 */
import * as tf from '@tensorflow/tfjs';
import { TaskPool } from '../../fixtures/task-pool.js';
import type { ScanResult } from '../evaluation/validate.js';
import type { ModelMeta } from '../inference/model-meta.js';
import type { CalibrationScan, CalibrationScanConfig } from './calibration-scan.js';
import type { ScanPlan } from './dataset.js';

export type HelperRequest =
  | { kind: 'load'; backend: string; artifacts: tf.io.ModelArtifacts; meta: ModelMeta }
  | { kind: 'calibration'; index: number; config: CalibrationScanConfig }
  | { kind: 'validation'; plan: ScanPlan };

export type HelperAnswer = { kind: 'loaded' } | { kind: 'calibration'; scan: CalibrationScan } | { kind: 'validation'; result: ScanResult } | { kind: 'failed'; message: string };

export class ScoringHelper {
  private constructor(private readonly pool: TaskPool<HelperRequest, HelperAnswer>) {}

  /** Starts the thread with a copy of `network`'s current weights and `meta`. */
  static async start(network: tf.LayersModel, meta: ModelMeta): Promise<ScoringHelper> {
    const helper = new ScoringHelper(new TaskPool<HelperRequest, HelperAnswer>(new URL('./scoring-helper-worker.ts', import.meta.url), 1));
    await helper.load(network, meta);
    return helper;
  }

  /** Replaces the helper's network and meta (after calibration, the meta carries the calibration scores). */
  async load(network: tf.LayersModel, meta: ModelMeta): Promise<void> {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await network.save(
      tf.io.withSaveHandler(async (saved) => {
        artifacts = saved;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    await this.ask({ kind: 'load', backend: tf.getBackend(), artifacts: artifacts!, meta });
  }

  async calibrationScan(index: number, config: CalibrationScanConfig): Promise<CalibrationScan> {
    const answer = await this.ask({ kind: 'calibration', index, config });
    return (answer as Extract<HelperAnswer, { kind: 'calibration' }>).scan;
  }

  async validationScan(plan: ScanPlan): Promise<ScanResult> {
    const answer = await this.ask({ kind: 'validation', plan });
    return (answer as Extract<HelperAnswer, { kind: 'validation' }>).result;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async ask(request: HelperRequest): Promise<HelperAnswer> {
    const answer = await this.pool.run(request);
    if (answer.kind === 'failed') throw new Error(`scoring helper: ${answer.message}`);
    return answer;
  }
}
