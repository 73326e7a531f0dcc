/**
 * Command-line options of `npm run eval`, validated at the boundary:
 * `[--model <spec|dir>] [--compare <A> <B>] [--scale <f> | --count <n>] [--out <dir>] [--replicates <n>]
 * [--leave-one-out]`.
 */
import { ValidationError, invalidParameter } from '../../core/errors.js';
import { FULL_TEST_SET, scaleTestSet, type TestSetPlan } from './test-set.js';

export interface EvalOptions {
  /** One model spec, or two with `--compare`. Undefined entry: the registry default. */
  models: (string | undefined)[];
  compare: boolean;
  plan: TestSetPlan;
  /** True when the plan is the full test set: only then are the model card and README updated. */
  full: boolean;
  out?: string;
  replicates: number;
  /** Run the leave-one-family-out retraining instead of the evaluation. */
  leaveOneOut: boolean;
}

const fullSize = FULL_TEST_SET.normalScans + FULL_TEST_SET.families.length * FULL_TEST_SET.scansPerFamily;

/**
 * @throws ValidationError naming the option, what was expected and what arrived.
 * @example parseEvalArgs(['--compare', 'tile-anomaly@1.0.0', 'tile-anomaly@1.1.0', '--count', '100'])
 */
export function parseEvalArgs(args: readonly string[]): EvalOptions {
  const value = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new ValidationError(invalidParameter(name, 'a value', 'nothing'));
    return v;
  };
  const positive = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(n > 0) || !Number.isFinite(n)) throw new ValidationError(invalidParameter(name, 'a positive number', v));
    return n;
  };
  const compareAt = args.indexOf('--compare');
  const compare = compareAt >= 0;
  const models = compare ? [args[compareAt + 1], args[compareAt + 2]] : [value('--model')];
  if (compare && models.some((m) => m === undefined || m.startsWith('--'))) {
    throw new ValidationError(invalidParameter('--compare', 'two model specs, e.g. tile-anomaly@1.0.0 tile-anomaly@1.1.0', models.filter(Boolean).join(' ') || 'nothing'));
  }
  const count = positive('--count', value('--count'));
  const scale = count !== undefined ? count / fullSize : positive('--scale', value('--scale')) ?? 1;
  const replicates = positive('--replicates', value('--replicates')) ?? (scale >= 1 ? 1000 : 200);
  return {
    models,
    compare,
    plan: scale === 1 ? FULL_TEST_SET : scaleTestSet(FULL_TEST_SET, scale),
    full: scale >= 1,
    out: value('--out'),
    replicates: Math.round(replicates),
    leaveOneOut: args.includes('--leave-one-out'),
  };
}
