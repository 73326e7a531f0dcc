/**
 * A tf.io handler that reads and writes a model as `model.json` + `weights.bin` in one directory.
 * tfjs core only ships browser and HTTP handlers (file:// needs tfjs-node), and workers must load
 * models with no network, so this is the one way models reach tf.js here.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { NotFoundError } from '../../core/errors.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/**
 * Creates a load/save handler rooted at `dir`.
 * @param dir directory of one model version; created on save.
 * @throws NotFoundError on load when `model.json` or a weights file it names is missing.
 * @example const model = await tf.loadLayersModel(fileIoHandler('models/tile-anomaly/1.0.0'));
 */
export function fileIoHandler(dir: string): tf.io.IOHandler {
  return {
    load: () => loadArtifacts(dir),
    save: (artifacts) => saveArtifacts(dir, artifacts),
  };
}

async function loadArtifacts(dir: string): Promise<tf.io.ModelArtifacts> {
  const json = await readRequired(path.join(dir, MODEL_JSON));
  const modelJson = JSON.parse(json.toString('utf8')) as tf.io.ModelJSON;
  return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      specs.push(...group.weights);
      for (const file of group.paths) {
        // Paths come from our own manifest, but never let one escape the model directory.
        const resolved = path.resolve(dir, file);
        if (path.dirname(resolved) !== path.resolve(dir)) throw new Error(`Weights path ${file} leaves ${dir}`);
        const bytes = await readRequired(resolved);
        buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      }
    }
    return [specs, tf.io.concatenateArrayBuffers(buffers)];
  });
}

async function saveArtifacts(dir: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('Binary model topologies are not supported; save a layers model');
  }
  const weightData = artifacts.weightData ?? new ArrayBuffer(0);
  const weights = Array.isArray(weightData) ? tf.io.concatenateArrayBuffers(weightData) : weightData;
  const manifest: tf.io.WeightsManifestConfig = [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }];
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology ?? {},
    weightsManifest: manifest,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, WEIGHTS_BIN), new Uint8Array(weights));
  await writeFile(path.join(dir, MODEL_JSON), JSON.stringify(modelJson));
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

async function readRequired(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`Model file not found: ${file}`);
    throw error;
  }
}
