/**
 * The anomaly model as the worker sees it (docs/architecture.md, "Contract: model"): load one
 * version from disk, score a scan's model-resolution planes into a heatmap, a raw and a calibrated
 * score with its conformal p-value, and findings. Never imports training code.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Logger } from 'pino';
import { ValidationError, invalidParameter } from '../../core/errors.js';
import type { Plane } from '../../kernels/index.js';
import { selectBackend, type BackendPreference } from '../backend.js';
import { fileIoHandler } from '../io/file-io-handler.js';
import { resolveModelDir } from '../io/model-registry.js';
import { modelsLogger } from '../logger.js';
import { findCargoRegion, tilesInRegion } from './cargo-region.js';
import { calibratedScore, conformalPValue, rawThreshold, sortCalibration } from './calibration.js';
import { groupFindings, type Finding } from './findings.js';
import { paintHeatmap } from './heatmap.js';
import { readModelMeta, type ModelMeta } from './model-meta.js';
import { computeTileFeatures, FEATURE_NAMES, FEATURE_SET, type TileFeatures } from './tile-features.js';
import { normaliseFeatures, scoreTiles, type TileScores } from './tile-scorer.js';
import { predictConvLogits, scoreConvTiles } from './conv-scorer.js';
import { PATCH_CHANNELS, PATCH_SET, patchSource } from './patch-input.js';
import { isSegInputSet, SEG_INPUT_SETS, segChannelCount, segChannels, segContext, type SegInputSet } from './seg-input.js';
import { scoreSegCells } from './seg-scorer.js';
import type { TileGrid } from './tile-features.js';

export type { Finding } from './findings.js';

export interface ModelOutput {
  /** Per model pixel in [0, 1]; 0.5 is the level at which a tile becomes a finding. */
  heatmap: Plane;
  /** Highest tile log-odds of the scan. */
  rawScore: number;
  /** 0-100 from the conformal p-value: 100 · (1 − pValue). */
  calibratedScore: number;
  /** Fraction of normal scans scoring at least this high (conformal, from the calibration set). */
  pValue: number;
  /** Connected high-score tiles, boxes in model pixels, strongest first. */
  findings: Finding[];
}

export interface AnomalyModel {
  name: string;
  version: string;
  /** The worker downsamples by round(modelPixelMm / pixelSizeMm); box coordinates scale by the same. */
  modelPixelMm: number;
  tileSize: number;
  /** `minAttenuation` for the dual-ratio kernel at model resolution (see `toModelInput`). */
  ratioMinAttenuation: number;
  /** Dead detector rows are interpolated before calibration (meta `deadRowRepair`): the model was trained so. */
  deadRowRepair: boolean;
  score(input: { attenuation: Plane; ratio?: Plane }): Promise<ModelOutput>;
}

export interface LoadAnomalyModelOptions {
  /** tf.js backend preference (config `SCANGATE_TF_BACKEND`); default auto. */
  backend?: BackendPreference;
  logger?: Logger;
}

/**
 * Loads a model version from disk (no network) and warms it up on every fixed batch size.
 * @param dir a version directory, or a spec `<name>` / `<name>@<version>`; default: the version
 *   named in `models/registry.json`.
 * @throws NotFoundError when the version or one of its files is missing; Error when its meta is
 *   invalid or was computed with a different feature set.
 * @example const model = await loadAnomalyModel('tile-anomaly@1.0.0');
 */
export async function loadAnomalyModel(dir?: string, options: LoadAnomalyModelOptions = {}): Promise<AnomalyModel> {
  const log = options.logger ?? modelsLogger;
  const modelDir = dir && (dir.includes('/') || dir.includes(path.sep) || existsSync(dir)) ? path.resolve(dir) : resolveModelDir(dir);
  await selectBackend({ preferred: options.backend, logger: log });
  const meta = await readModelMeta(modelDir);
  const known = meta.architecture === 'conv-seg' ? isSegInputSet(meta.featureSet) : meta.featureSet === FEATURE_SET && meta.featureNames.join() === FEATURE_NAMES.join();
  if (!known) throw new Error(`Model in ${modelDir} expects features ${meta.featureSet}; this build does not compute them`);
  if (meta.architecture === 'conv-patch' && meta.patchSet !== PATCH_SET) {
    throw new Error(`Model in ${modelDir} expects patches ${meta.patchSet}; this build computes ${PATCH_SET}`);
  }
  const network = await tf.loadLayersModel(fileIoHandler(modelDir));
  const started = performance.now();
  const f = FEATURE_NAMES.length;
  for (const [h, w] of meta.seg?.windows ?? []) tf.tidy(() => network.predict(tf.zeros([1, h, w, segChannelCount(meta.featureSet as SegInputSet)])));
  for (const size of meta.architecture === 'conv-seg' ? [] : meta.batchSizes) {
    if (meta.architecture === 'conv-patch') {
      const patch = meta.tileSize * meta.tileSize * PATCH_CHANNELS;
      await predictConvLogits(network, new Float32Array(size * f), new Float32Array(size * patch), size, f, meta.tileSize);
    } else {
      await scoreTiles(network, new Float32Array(size * f), f, [size]);
    }
  }
  log.info({ model: meta.name, version: meta.version, dir: modelDir, warmUpMs: Math.round(performance.now() - started) }, 'anomaly model loaded');
  return createAnomalyModel(network, meta);
}

/** Wraps a loaded network and its meta; exported for training, which scores before saving. */
export function createAnomalyModel(network: tf.LayersModel, meta: ModelMeta): AnomalyModel {
  const calibration = {
    dual: sortCalibration(meta.calibration.dual.scores),
    single: sortCalibration(meta.calibration.single.scores),
  };
  return {
    name: meta.name,
    version: meta.version,
    modelPixelMm: meta.modelPixelMm,
    tileSize: meta.tileSize,
    ratioMinAttenuation: meta.ratioMinAttenuation,
    deadRowRepair: meta.deadRowRepair ?? false,
    async score(input) {
      checkInput(input);
      const { attenuation, ratio } = input;
      const sorted = ratio ? calibration.dual : calibration.single;
      const { grid, tiles, rawScore } = await scoreScanTiles(network, meta, input);
      const pValue = conformalPValue(sorted, rawScore);
      const threshold = rawThreshold(sorted, meta.findingPValue);
      const levels = tiles.raw.map((v) => 1 / (1 + Math.exp(-(v - threshold))));
      const flagged = tiles.raw.map((v) => (v > threshold ? 1 : 0));
      const findings = groupFindings(
        { flagged: Uint8Array.from(flagged), raw: tiles.raw, kind: tiles.kind },
        grid,
        attenuation.width,
        attenuation.height,
        (raw) => calibratedScore(conformalPValue(sorted, raw)),
        meta.classes,
      );
      return {
        heatmap: paintHeatmap(levels, grid, attenuation.width, attenuation.height),
        rawScore,
        calibratedScore: calibratedScore(pValue),
        pValue,
        findings,
      };
    },
  };
}

/** Raw score given to tiles outside the container: far below anything a tile inside scores. */
export const OUTSIDE_SCORE = -30;

/**
 * Scores every tile of a scan (dense network on features, conv-patch network on features and
 * pixel patches plus density evidence, or the conv-seg network's cells, as the meta says) and takes
 * the scan's raw score, the highest tile log-odds inside the container (cab, wheels and air are not
 * scored: see `cargo-region.ts`). Needs no calibration, so training uses it to compute the
 * calibration scores themselves.
 */
export async function scoreScanTiles(
  network: tf.LayersModel,
  meta: Pick<ModelMeta, 'tileSize' | 'tileStride' | 'featureMean' | 'featureStd' | 'batchSizes' | 'modelPixelMm'> & Partial<Pick<ModelMeta, 'featureSet' | 'architecture' | 'density' | 'seg'>>,
  input: { attenuation: Plane; ratio?: Plane },
): Promise<{ grid: TileGrid; features?: TileFeatures; tiles: TileScores; rawScore: number }> {
  if (meta.architecture === 'conv-seg') return scoreSegScan(network, meta, input);
  const features = computeTileFeatures(input.attenuation, input.ratio, { tileSize: meta.tileSize, stride: meta.tileStride });
  const normalised = normaliseFeatures(features.data.slice(), meta);
  const inside = tilesInRegion(features.grid, findCargoRegion(input.attenuation, meta.modelPixelMm));
  const tiles =
    meta.architecture === 'conv-patch'
      ? await scoreConvTiles(network, normalised, FEATURE_NAMES.length, patchSource(input.attenuation, input.ratio), features.grid, meta.batchSizes, inside, meta.density)
      : await scoreTiles(network, normalised, FEATURE_NAMES.length, meta.batchSizes);
  let rawScore = OUTSIDE_SCORE;
  for (let t = 0; t < inside.length; t++) {
    if (!inside[t]) tiles.raw[t] = OUTSIDE_SCORE;
    else if (tiles.raw[t] > rawScore) rawScore = tiles.raw[t];
  }
  return { grid: features.grid, features, tiles, rawScore };
}

/** conv-seg: the network's cells over the container; raw score = the highest cell log-odds there. */
async function scoreSegScan(
  network: tf.LayersModel,
  meta: Pick<ModelMeta, 'featureMean' | 'featureStd' | 'modelPixelMm' | 'seg'> & Partial<Pick<ModelMeta, 'featureSet'>>,
  input: { attenuation: Plane; ratio?: Plane },
): Promise<{ grid: TileGrid; tiles: TileScores; rawScore: number }> {
  const { attenuation: a, ratio } = input;
  const region = findCargoRegion(a, meta.modelPixelMm);
  const set = meta.featureSet ?? '';
  if (!isSegInputSet(set)) throw new Error(`conv-seg meta names input set "${set}"; this build computes ${Object.keys(SEG_INPUT_SETS).join(', ')}`);
  const channels = segChannels(a, ratio, segContext(a, region, set), { set, mean: meta.featureMean, std: meta.featureStd });
  const { grid, raw } = await scoreSegCells(network, channels, a.width, a.height, region, meta.seg!, OUTSIDE_SCORE);
  const inside = tilesInRegion(grid, region);
  let rawScore = OUTSIDE_SCORE;
  for (let t = 0; t < raw.length; t++) {
    if (!inside[t]) raw[t] = OUTSIDE_SCORE;
    else if (raw[t] > rawScore) rawScore = raw[t];
  }
  return { grid, tiles: { raw, kind: new Uint8Array(raw.length).fill(1) }, rawScore };
}

function checkInput(input: { attenuation: Plane; ratio?: Plane }): void {
  const { attenuation: a, ratio } = input;
  if (!Number.isInteger(a.width) || !Number.isInteger(a.height) || a.width < 1 || a.height < 1) {
    throw new ValidationError(invalidParameter('attenuation size', 'positive integer width and height', `${a.width}x${a.height}`));
  }
  if (a.data.length !== a.width * a.height) {
    throw new ValidationError(invalidParameter('attenuation.data length', `${a.width * a.height}`, a.data.length));
  }
  if (ratio && (ratio.width !== a.width || ratio.height !== a.height || ratio.data.length !== a.data.length)) {
    throw new ValidationError(invalidParameter('ratio size', `${a.width}x${a.height} like attenuation`, `${ratio.width}x${ratio.height}`));
  }
}
