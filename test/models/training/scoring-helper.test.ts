import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKernels } from '../../../kernels/index.js';
import { selectBackend } from '../../../models/backend.js';
import { validateScan } from '../../../models/evaluation/validate.js';
import { createAnomalyModel } from '../../../models/inference/anomaly-model.js';
import { readModelMeta, type ModelMeta } from '../../../models/inference/model-meta.js';
import { fileIoHandler } from '../../../models/io/file-io-handler.js';
import { MODELS_ROOT } from '../../../models/io/model-registry.js';
import { scoreCalibrationScan } from '../../../models/training/calibration-scan.js';
import { planScan } from '../../../models/training/dataset.js';
import { ScoringHelper } from '../../../models/training/scoring-helper.js';
import { prepareSegScan } from '../../../models/training/seg-scans.js';
import { hardestCells } from '../../../models/training/seg-training.js';
import type { SegInputSet } from '../../../models/inference/seg-input.js';

// Training scans from seeds 9,200,000 up (outside every split); calibration and validation scans from
// their own splits, as the training thread scores them. A released version's real weights: the helper must give exactly what the training thread gives.
const VERSION_DIR = path.join(MODELS_ROOT, 'conv-seg', '1.3.0');
const kernels = loadKernels();

describe('scoring helper thread, failures', () => {
  it('when asked to score before any network was loaded then it answers with an error naming that', async () => {
    const fresh = ScoringHelper.start();
    try {
      await expect(fresh.calibrationScan(0, { modelPixelMm: 20, ratioMinAttenuation: 0.2 })).rejects.toThrow('no network loaded');
    } finally {
      await fresh.close();
    }
  }, 60_000);

  it('when the helper is closed then waiting and later requests are rejected instead of hanging', async () => {
    const fresh = ScoringHelper.start();
    const waiting = fresh.segScan({ seed: 9_200_004, cargo: 'textiles', anomaly: null }, { modelPixelMm: 20, cell: 4, margin: 16, inputSet: 'seg-a-r-rowctx-tophat2-pos-v4', deadRowRepair: true });
    const outcome = expect(waiting).rejects.toThrow('scoring helper closed');

    await fresh.close();

    await outcome;
    await expect(fresh.calibrationScan(0, { modelPixelMm: 20, ratioMinAttenuation: 0.2 })).rejects.toThrow('scoring helper closed');
  }, 60_000);
});

describe('scoring helper thread', () => {
  let network: tf.LayersModel;
  let meta: ModelMeta;
  let helper: ScoringHelper;

  beforeAll(async () => {
    await selectBackend({ preferred: 'wasm' });
    network = await tf.loadLayersModel(fileIoHandler(VERSION_DIR));
    meta = await readModelMeta(VERSION_DIR);
    helper = ScoringHelper.start();
    await helper.load(network, meta);
  }, 60_000);

  afterAll(async () => {
    await helper?.close();
  });

  it('when it scores a calibration scan then its dual and single scores equal the training thread\'s', async () => {
    const config = { modelPixelMm: meta.modelPixelMm, ratioMinAttenuation: meta.ratioMinAttenuation, deadRowRepair: meta.deadRowRepair };

    const [there, here] = [await helper.calibrationScan(3, config), await scoreCalibrationScan(kernels, network, meta, config, 3)];

    expect(there.dual).toBe(here.dual);
    expect(there.single).toBe(here.single);
    expect(there.dual).toBeGreaterThan(-30);
  }, 60_000);

  it('when it scores a validation scan with an anomaly then the result equals the training thread\'s, p-values included', async () => {
    const plan = planScan('validation', 500_000, 'dense-block');

    const there = await helper.validationScan(plan);
    const here = await validateScan(kernels, createAnomalyModel(network, meta), plan);

    expect(there).toEqual(here);
    expect(there.anomaly).toBe('dense-block');
  }, 60_000);

  it('when it prepares a training scan then the scan equals the one the training thread prepares from the same seed', async () => {
    const options = { modelPixelMm: 20, cell: 4, margin: 16, inputSet: meta.featureSet as SegInputSet, deadRowRepair: true };
    const plan = { seed: 9_200_003, cargo: 'electronics' as const, anomaly: 'dense-block' as const };

    const { generateMs: _there, ...there } = await helper.segScan(plan, options);
    const { generateMs: _here, ...here } = prepareSegScan(kernels, plan, options);

    expect(there).toEqual(here);
    expect(there.positives.length).toBeGreaterThan(0);
  }, 60_000);

  it('when it mines a normal training scan then it picks the same hardest cells as the training thread', async () => {
    const set = meta.featureSet as SegInputSet;
    const scan = prepareSegScan(kernels, { seed: 9_200_001, cargo: 'produce', anomaly: null }, { modelPixelMm: 20, cell: 4, margin: 16, inputSet: set, deadRowRepair: true });
    const mining = { geometry: meta.seg!, ratioMinAttenuation: meta.ratioMinAttenuation, norm: { set, mean: meta.featureMean, std: meta.featureStd } };
    await helper.setNormals([scan]);

    const there = await helper.mineNormalScan(0, 1, 8, mining);
    const here = await hardestCells(network, scan, { kernels, ...mining }, 8);

    expect(there).toEqual(here);
    expect(new Set(there).size).toBe(8);
    await expect(helper.mineNormalScan(0, 600, 8, mining)).rejects.toThrow('asked for normal scan 0 of 600; 1 held');
  }, 60_000);

  it('when the weights change then a reload makes the helper score with the new ones', async () => {
    const config = { modelPixelMm: meta.modelPixelMm, ratioMinAttenuation: meta.ratioMinAttenuation, deadRowRepair: meta.deadRowRepair };
    const before = await helper.calibrationScan(5, config);
    const head = network.getLayer('logits');
    // getWeights returns the live variables: keep copies to restore from.
    const [kernel, bias] = head.getWeights().map((w) => w.clone());
    const shiftedBias = bias.add(2);

    head.setWeights([kernel, shiftedBias]);
    await helper.load(network, meta);
    const after = await helper.calibrationScan(5, config);
    head.setWeights([kernel, bias]);
    await helper.load(network, meta);
    const restored = await helper.calibrationScan(5, config);
    tf.dispose([kernel, bias, shiftedBias]);

    expect(after.dual).toBeCloseTo(before.dual + 2, 4);
    expect(restored.dual).toBe(before.dual);
  }, 60_000);
});
