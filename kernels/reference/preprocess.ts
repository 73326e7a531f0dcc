/** Plain TypeScript reference of the model-input preprocessing: the three kernels chained. */
import type { ModelPlanes, PreprocessOptions, RawScan } from '../types.js';
import { checkPreprocess } from '../validate.js';
import { repairDeadRows } from './detector.js';
import { downsampleArea } from './geometry.js';
import { calibrate, dualRatio } from './pointwise.js';

/**
 * (repairDeadRows when asked →) calibrate → downsampleArea for each energy, then dualRatio of the
 * downsampled planes.
 * @throws KernelArgumentError on a malformed scan or options out of range.
 */
export function preprocessForModel(scan: RawScan, options: PreprocessOptions): ModelPlanes {
  checkPreprocess(scan, options);
  const { width, height } = scan;
  const { air, dark, factor, ratioMinAttenuation } = options;
  const corrected = (raw: Uint16Array) => (options.repairDeadRows ? repairDeadRows(raw, width, height).data : raw);
  const toModel = (raw: Uint16Array) => downsampleArea(calibrate(corrected(raw), air, dark), width, height, factor);
  const high = toModel(scan.high);
  if (!scan.low) return { high };
  const low = toModel(scan.low);
  const ratio = { data: dualRatio(high.data, low.data, ratioMinAttenuation), width: high.width, height: high.height };
  return { high, low, ratio };
}
