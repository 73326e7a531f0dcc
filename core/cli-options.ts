/**
 * Reading `--name value` options from a command line, checked at the boundary: an option given without
 * its value (last on the line, or followed by another `--option`) is an error, never "absent", so
 * `npm run train -- --override` cannot quietly become a default run.
 */
import { ValidationError, invalidParameter } from './errors.js';

export interface CliOptions {
  /** The value after `name`; undefined when `name` is not given. */
  value(name: string): string | undefined;
  /** The value after `name` as a finite number above 0; undefined when `name` is not given. */
  positive(name: string): number | undefined;
  /** The value after `name` as an integer ≥ 1; undefined when `name` is not given. */
  count(name: string): number | undefined;
  /** Whether `name` is on the line. */
  flag(name: string): boolean;
}

/**
 * @throws ValidationError (from the readers) naming the option, what was expected and what arrived.
 * @example cliOptions(['--scale', '0.5']).positive('--scale') // 0.5
 */
export function cliOptions(args: readonly string[]): CliOptions {
  const value = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new ValidationError(`Expected a value for ${name} but received nothing`, name);
    return v;
  };
  const number = (name: string, expected: string, accept: (n: number) => boolean) => {
    const v = value(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!accept(n)) throw new ValidationError(invalidParameter(name, expected, v), name);
    return n;
  };
  return {
    value,
    positive: (name) => number(name, 'a positive number', (n) => n > 0 && Number.isFinite(n)),
    count: (name) => number(name, 'an integer ≥ 1', (n) => Number.isInteger(n) && n >= 1),
    flag: (name) => args.includes(name),
  };
}
