/**
 * `npm run train [-- --model <name>]`: picks the training script of a model family.
 * `conv-seg` (default): the fully convolutional segmentation model (`train-seg.ts`);
 * `tile-anomaly`: the dense tile-feature model (`train-tile.ts`, version 1.x);
 * `conv-patch`: the conv net on pixel patches with a density score (`train-conv.ts`).
 * Every other option is read by the chosen script (`--scale`, `--quick`, `--out`).
 */
import { reportCliErrors } from '../../core/cli-errors.js';
import { ValidationError, invalidParameter } from '../../core/errors.js';

const SCRIPTS: Record<string, () => Promise<unknown>> = {
  'tile-anomaly': () => import('./train-tile.js'),
  'conv-patch': () => import('./train-conv.js'),
  'conv-seg': () => import('./train-seg.js'),
};

reportCliErrors('train');
const args = process.argv.slice(2);
const modelIndex = args.indexOf('--model');
const name = modelIndex >= 0 ? args[modelIndex + 1] : 'conv-seg';
const script = SCRIPTS[name];
if (!script) throw new ValidationError(invalidParameter('--model', Object.keys(SCRIPTS).join(' or '), name));
await script();
