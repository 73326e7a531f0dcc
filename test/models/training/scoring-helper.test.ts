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

// Seeds of generated scans from 9,200,000 up: outside every training, calibration, validation and test range.
// A released version's real weights: the helper must give exactly what the training thread gives.
const VERSION_DIR = path.join(MODELS_ROOT, 'conv-seg', '1.3.0');
const kernels = loadKernels();

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

    const there = await helper.hardestCells(0, 8, mining);
    const here = await hardestCells(network, scan, { kernels, ...mining }, 8);

    expect(there).toEqual(here);
    expect(new Set(there).size).toBe(8);
  }, 60_000);

  it('when the weights change then a reload makes the helper score with the new ones', async () => {
    const config = { modelPixelMm: meta.modelPixelMm, ratioMinAttenuation: meta.ratioMinAttenuation, deadRowRepair: meta.deadRowRepair };
    const before = await helper.calibrationScan(5, config);
    const bias = network.getLayer('logits').getWeights();
    const shifted = [bias[0], bias[1].add(2)];

    network.getLayer('logits').setWeights(shifted);
    await helper.load(network, meta);
    const after = await helper.calibrationScan(5, config);
    network.getLayer('logits').setWeights(bias);
    tf.dispose(shifted[1]);

    expect(after.dual).toBeCloseTo(before.dual + 2, 4);
  }, 60_000);
});
