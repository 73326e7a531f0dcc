/**
 * Command-line options of `npm run train -- --model conv-seg` (`train-seg.ts`), checked before anything
 * is generated: `[--recipe <version>] [--override '<json>'] [--out <dir>] [--quick | --scale <f>] [--steps <n>] [--set-default]`.
 */
import { cliOptions } from '../../core/cli-options.js';
import { ValidationError, invalidParameter } from '../../core/errors.js';

export interface TrainSegOptions {
  /** The installed version whose recipe is trained (`seg-recipes.ts`). */
  recipe: string;
  /** `--override` as given (the card's reproduction command quotes it) and parsed. */
  override?: { text: string; value: Record<string, unknown> };
  /** `--quick`: 15 % of the data and a tenth of the steps. */
  quick: boolean;
  /** Share of every data set (1: all). */
  scale: number;
  /** Training steps, when not the recipe's (scaled by `--quick`). */
  steps?: number;
  out?: string;
  setDefault: boolean;
}

/**
 * @param defaultVersion the version `npm run train` makes: only its recipe, unchanged, may write into `models/` unasked.
 * @throws ValidationError naming the option, what was expected and what arrived.
 * @example parseTrainSegArgs(['--recipe', '1.7.0', '--out', '/tmp/1.7.0'], '1.8.0')
 */
export function parseTrainSegArgs(args: readonly string[], defaultVersion: string): TrainSegOptions {
  const { value, positive, count, flag } = cliOptions(args);
  const quick = flag('--quick');
  const recipe = value('--recipe') ?? defaultVersion;
  const overrideText = value('--override');
  const out = value('--out');
  if ((overrideText !== undefined || recipe !== defaultVersion) && out === undefined) {
    throw new ValidationError(`Expected --out <dir> beside --override or --recipe but received none: only ${defaultVersion}'s own recipe writes into models/`, '--out');
  }
  return {
    recipe,
    override: overrideText === undefined ? undefined : { text: overrideText, value: parseOverride(overrideText) },
    quick,
    scale: quick ? 0.15 : positive('--scale') ?? 1,
    steps: count('--steps'),
    out,
    setDefault: flag('--set-default'),
  };
}

/** The `--override` JSON, which must be an object of config keys. */
function parseOverride(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ValidationError(invalidParameter('--override', 'a JSON object such as {"crops":{"positiveWeight":5}}', text), '--override');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ValidationError(invalidParameter('--override', 'a JSON object', text), '--override');
  return parsed as Record<string, unknown>;
}
