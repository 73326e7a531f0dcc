/**
 * Command-line options of `npm run eval`, validated at the boundary:
 * `[--model <spec|dir>] [--compare <A> <B>] [--split test|validation] [--scale <f> | --count <n>] [--out <dir>]
 * [--replicates <n>] [--leave-one-out]`.
 */
import { cliOptions } from '../../core/cli-options.js';
import { ValidationError, invalidParameter } from '../../core/errors.js';
import { FULL_TEST_SET, FULL_VALIDATION_SET, scaleTestSet, testSetSize, type TestSetPlan } from './test-set.js';

/** Which scans: the test set (final figures, the card) or the larger validation set (choosing between versions). */
export type EvalSplit = 'test' | 'validation';

export interface EvalOptions {
  /** One model spec, or two with `--compare`. Undefined entry: the registry default. */
  models: (string | undefined)[];
  compare: boolean;
  split: EvalSplit;
  plan: TestSetPlan;
  /** True when the plan is the whole of its split: a full test-set run also updates the model card and README. */
  full: boolean;
  out?: string;
  replicates: number;
  /** Run the leave-one-family-out retraining instead of the evaluation. */
  leaveOneOut: boolean;
}

const FULL_SETS: Record<EvalSplit, TestSetPlan> = { test: FULL_TEST_SET, validation: FULL_VALIDATION_SET };

/**
 * @throws ValidationError naming the option, what was expected and what arrived.
 * @example parseEvalArgs(['--compare', 'tile-anomaly@1.0.0', 'tile-anomaly@1.1.0', '--count', '100'])
 */
export function parseEvalArgs(args: readonly string[]): EvalOptions {
  const { value, positive, flag } = cliOptions(args);
  const compareAt = args.indexOf('--compare');
  const compare = compareAt >= 0;
  const models = compare ? [args[compareAt + 1], args[compareAt + 2]] : [value('--model')];
  if (compare && models.some((m) => m === undefined || m.startsWith('--'))) {
    throw new ValidationError(invalidParameter('--compare', 'two model specs, e.g. tile-anomaly@1.0.0 tile-anomaly@1.1.0', models.filter(Boolean).join(' ') || 'nothing'));
  }
  const split = value('--split') ?? 'test';
  if (split !== 'test' && split !== 'validation') throw new ValidationError(invalidParameter('--split', 'test or validation', split));
  const fullSet = FULL_SETS[split];
  const leaveOneOut = flag('--leave-one-out');
  // The leave-one-out retraining scores the test scans and writes beside the card: no validation variant.
  if (leaveOneOut && split !== 'test') throw new ValidationError(invalidParameter('--split', 'test (the only split --leave-one-out runs on)', split));
  const count = positive('--count');
  const scale = count !== undefined ? count / testSetSize(fullSet) : positive('--scale') ?? 1;
  const replicates = positive('--replicates') ?? (scale >= 1 ? 1000 : 200);
  return {
    models,
    compare,
    split,
    plan: scale === 1 ? fullSet : scaleTestSet(fullSet, scale),
    full: scale >= 1,
    out: value('--out'),
    replicates: Math.round(replicates),
    leaveOneOut,
  };
}
