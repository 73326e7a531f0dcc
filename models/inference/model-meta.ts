/**
 * `meta.json`, written by training beside `model.json`: everything inference needs besides the
 * network itself: geometry, feature normalisation, class names and the calibration scores.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';

export const META_JSON = 'meta.json';

const calibrationSchema = z.object({
  /** Raw scores of held-out normal scans, ascending. */
  scores: z.array(z.number()).min(1),
  /** Seeds of those scans, for the record. */
  seeds: z.object({ from: z.number().int(), to: z.number().int() }),
});

export const modelMetaSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  featureSet: z.string(),
  featureNames: z.array(z.string()).min(1),
  /** Model pixel pitch; the worker downsamples by round(modelPixelMm / pixelSizeMm). */
  modelPixelMm: z.number().positive(),
  tileSize: z.number().int().positive(),
  tileStride: z.number().int().positive(),
  /** `minAttenuation` of the dual-ratio kernel at model resolution. */
  ratioMinAttenuation: z.number().nonnegative(),
  /** Fixture generator version of the training and calibration scans (absent: 1.2.0 or older; before conv-seg 1.11.0). */
  generatorVersion: z.string().regex(/^\d+\.\d+\.\d+$/).optional(),
  /** Dead detector rows are interpolated before calibration (absent: they are not; before conv-seg 1.2.0). */
  deadRowRepair: z.boolean().optional(),
  /** Tile batches are zero-padded to one of these sizes: the wasm backend wants fixed shapes. */
  batchSizes: z.array(z.number().int().positive()).min(1),
  featureMean: z.array(z.number()),
  featureStd: z.array(z.number().positive()),
  /** Output classes; index 0 is the normal class, the others name finding kinds. */
  classes: z.array(z.string()).min(2),
  /** Tiles whose scan-level p-value is at most this form findings. */
  findingPValue: z.number().gt(0).lt(1),
  /** Calibration per input kind: scans with a dual-energy ratio and scans without. */
  calibration: z.object({ dual: calibrationSchema, single: calibrationSchema }),
  /**
   * `tile-dense`: the network reads tile features only; `conv-patch`: features and pixel patches;
   * `conv-seg`: a fully convolutional network over the input planes (`featureNames` then name the
   * planes and `featureMean` / `featureStd` normalise them).
   */
  architecture: z.enum(['tile-dense', 'conv-patch', 'conv-seg']).default('tile-dense'),
  /** conv-seg: output cell, context margin and the fixed window shapes (`inference/seg-scorer.ts`). */
  seg: z
    .object({
      cell: z.number().int().positive(),
      margin: z.number().int().nonnegative(),
      windows: z.array(z.tuple([z.number().int().positive(), z.number().int().positive()])).min(1),
    })
    .optional(),
  /** conv-patch: the patch channel set (`inference/patch-input.ts`). */
  patchSet: z.string().optional(),
  /** conv-patch: Gaussian density on normal tile features (`inference/density.ts`). */
  density: z
    .object({
      mean: z.array(z.number()),
      precision: z.array(z.number()),
      centre: z.number(),
      scale: z.number().positive(),
      weight: z.number().nonnegative(),
    })
    .optional(),
});

export type ModelMeta = z.output<typeof modelMetaSchema>;

/**
 * Reads and validates `meta.json` of a model version directory.
 * @throws NotFoundError when the file is missing; Error when it does not match the schema.
 */
export async function readModelMeta(dir: string): Promise<ModelMeta> {
  const file = path.join(dir, META_JSON);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`Model file not found: ${file}`);
    throw error;
  }
  const parsed = modelMetaSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid model meta ${file}: ${problems}`);
  }
  const meta = parsed.data;
  if (meta.featureMean.length !== meta.featureNames.length || meta.featureStd.length !== meta.featureNames.length) {
    throw new Error(`Invalid model meta ${file}: featureMean/featureStd must have one entry per feature`);
  }
  if (meta.architecture === 'conv-seg' && !meta.seg) throw new Error(`Invalid model meta ${file}: conv-seg needs seg geometry`);
  return meta;
}
