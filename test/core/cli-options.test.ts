import { describe, expect, it } from 'vitest';
import { cliOptions } from '../../core/cli-options.js';
import { ValidationError } from '../../core/errors.js';

describe('command-line options', () => {
  it('when options are given then each reader returns its value, and undefined for an absent one', () => {
    const options = cliOptions(['--scale', '0.5', '--steps', '300', '--quick', '--out', 'dir']);

    expect(options.positive('--scale')).toBe(0.5);
    expect(options.count('--steps')).toBe(300);
    expect(options.value('--out')).toBe('dir');
    expect(options.flag('--quick')).toBe(true);
    expect(options.flag('--set-default')).toBe(false);
    expect(options.positive('--count')).toBeUndefined();
  });

  it('when an option has no value, last on the line or before another option, then it is refused, not taken as absent', () => {
    expect(() => cliOptions(['--out', 'dir', '--override']).value('--override')).toThrow(/Expected a value for --override but received nothing/);
    expect(() => cliOptions(['--out', '--override', '{}']).value('--out')).toThrow(ValidationError);
  });

  it('when a number is out of its range then the option and the text are named', () => {
    expect(() => cliOptions(['--scale', '0']).positive('--scale')).toThrow('Expected a positive number for --scale but received "0"');
    expect(() => cliOptions(['--scale', 'Infinity']).positive('--scale')).toThrow(/--scale/);
    expect(() => cliOptions(['--steps', '0.4']).count('--steps')).toThrow('Expected an integer ≥ 1 for --steps but received "0.4"');
  });
});
