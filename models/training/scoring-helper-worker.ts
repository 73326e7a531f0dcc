/** The helper thread of `scoring-helper.ts`: prepares training scans, holds a copy of the network, scores scans and computes gradients on request; scores test scans with installed models. */
import * as tf from '@tensorflow/tfjs';
import { parentPort } from 'node:worker_threads';
import { loadKernels } from '../../kernels/index.js';
import { selectBackend } from '../backend.js';
import { validateScan } from '../evaluation/validate.js';
import { scoreTestScan } from '../evaluation/score-test-set.js';
import { createAnomalyModel, loadAnomalyModel, type AnomalyModel } from '../inference/anomaly-model.js';
import type { ModelMeta } from '../inference/model-meta.js';
import { registerWasmGradientKernels } from '../wasm-gradients/index.js';
import { partGradients, setFlatWeights } from './batch-gradients.js';
import { scoreCalibrationScan } from './calibration-scan.js';
import type { HelperAnswer, HelperEnvelope, HelperRequest } from './scoring-helper.js';
import { prepareSegScan } from './seg-scans.js';
import { hardestCells, type MiningScan } from './seg-training.js';

const kernels = loadKernels();
let loaded: { network: tf.LayersModel; meta?: ModelMeta; model?: AnomalyModel } | undefined;
let normals: MiningScan[] = [];
let evaluated: AnomalyModel[] = [];

async function answer(request: HelperRequest): Promise<HelperAnswer> {
  try {
    if (request.kind === 'load') {
      const selected = await selectBackend({ preferred: request.backend });
      if (selected.name !== request.backend) throw new Error(`the main thread scores on ${request.backend}, this thread got ${selected.name}`);
      // The wasm backend has no conv gradient kernels of its own; `gradients` needs ours (idempotent).
      if (selected.name === 'wasm') registerWasmGradientKernels();
      const network = await tf.loadLayersModel(tf.io.fromMemory(request.artifacts));
      loaded?.network.dispose();
      const meta = request.meta ?? loaded?.meta;
      loaded = { network, meta, model: meta && createAnomalyModel(network, meta) };
      return { kind: 'done' };
    }
    if (request.kind === 'segScan') return { kind: 'segScan', scan: prepareSegScan(kernels, request.plan, request.options) };
    if (request.kind === 'normals') {
      normals = request.scans;
      return { kind: 'done' };
    }
    if (request.kind === 'models') {
      const selected = await selectBackend({ preferred: request.backend });
      if (selected.name !== request.backend) throw new Error(`the main thread scores on ${request.backend}, this thread got ${selected.name}`);
      const models: AnomalyModel[] = [];
      for (const dir of request.dirs) models.push(await loadAnomalyModel(dir, { backend: request.backend }));
      evaluated = models;
      return { kind: 'done' };
    }
    if (request.kind === 'testScan') {
      if (evaluated.length === 0) throw new Error('no models loaded');
      return { kind: 'testScan', scan: await scoreTestScan(kernels, evaluated, request.plan, request.options) };
    }
    if (!loaded) throw new Error('no network loaded');
    if (request.kind === 'mine') {
      if (normals.length !== request.count || !normals[request.scan]) throw new Error(`asked for normal scan ${request.scan} of ${request.count}; ${normals.length} held`);
      return { kind: 'mine', cells: await hardestCells(loaded.network, normals[request.scan], { kernels, ...request.mining }, request.perScan) };
    }
    if (request.kind === 'gradients') {
      setFlatWeights(loaded.network, request.weights);
      return { kind: 'gradients', ...partGradients(loaded.network, request.part, request.crop, request.cells, request.divisor, request.loss) };
    }
    if (!loaded.meta || !loaded.model) throw new Error('no meta loaded');
    if (request.kind === 'calibration') return { kind: 'calibration', scan: await scoreCalibrationScan(kernels, loaded.network, loaded.meta, request.config, request.index) };
    return { kind: 'validation', result: await validateScan(kernels, loaded.model, request.plan) };
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

// Requests run one after another, in the order they arrive, whatever they await inside.
let queue = Promise.resolve();
parentPort!.on('message', ({ id, body }: HelperEnvelope<HelperRequest>) => {
  queue = queue.then(async () => {
    const reply = await answer(body);
    try {
      // Gradients go back moved, not copied.
      parentPort!.postMessage({ id, body: reply } satisfies HelperEnvelope<HelperAnswer>, reply.kind === 'gradients' ? [reply.grads.buffer as ArrayBuffer] : []);
    } catch (error) {
      // An answer that cannot be sent must still be answered, or the main thread waits forever.
      parentPort!.postMessage({ id, body: { kind: 'failed', message: `answer to ${body.kind} not sendable: ${String(error)}` } } satisfies HelperEnvelope<HelperAnswer>);
    }
  });
});
