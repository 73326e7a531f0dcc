import { describe, expect, it } from 'vitest';
import { parseTrainSegArgs } from '../../../models/training/train-seg-options.js';
import { runCli, STACK_LINE } from '../../support/run-cli.js';

describe('train-seg options', () => {
  it('when no option is given then today\'s recipe is trained whole into models/', () => {
    expect(parseTrainSegArgs([], '1.8.0')).toEqual({ recipe: '1.8.0', override: undefined, quick: false, scale: 1, steps: undefined, out: undefined, setDefault: false });
  });

  it('when an override is given then its text is kept for the card beside its parsed value', () => {
    const options = parseTrainSegArgs(['--recipe', '1.9.0', '--override', '{"fit":{"hottestCellMargin":6}}', '--out', 'dir', '--quick'], '1.8.0');

    expect(options.override).toEqual({ text: '{"fit":{"hottestCellMargin":6}}', value: { fit: { hottestCellMargin: 6 } } });
    expect(options.scale).toBe(0.15);
  });

  it('when an override or another version\'s recipe comes without --out then it is refused: it must not write into models/', () => {
    expect(() => parseTrainSegArgs(['--override', '{}'], '1.8.0')).toThrow("Expected --out <dir> beside --override or --recipe but received none: only 1.8.0's own recipe writes into models/");
    expect(() => parseTrainSegArgs(['--recipe', '1.7.0'], '1.8.0')).toThrow(/--out/);
  });

  it('when the override is not a JSON object or an option lacks its value then the option is named', () => {
    expect(() => parseTrainSegArgs(['--override', '{fit:1}', '--out', 'dir'], '1.8.0')).toThrow('Expected a JSON object such as {"crops":{"positiveWeight":5}} for --override but received "{fit:1}"');
    expect(() => parseTrainSegArgs(['--override', '[1]', '--out', 'dir'], '1.8.0')).toThrow(/JSON object for --override but received "\[1\]"/);
    expect(() => parseTrainSegArgs(['--out', 'dir', '--override'], '1.8.0')).toThrow(/a value for --override/);
    expect(() => parseTrainSegArgs(['--steps', '0.4'], '1.8.0')).toThrow(/integer ≥ 1 for --steps/);
  });

  it('when npm run train is given a misspelt override key then it names the key, without a stack, and trains nothing', async () => {
    const run = await runCli('models/training/train.ts', ['--quick', '--override', '{"fit":{"hotestCellWeight":64}}', '--out', '.tmp/never-written']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^train: Invalid conv-seg config: unknown key "hotestCellWeight" in fit; expected one of steps, .*hottestCellWeight/);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stdout).toBe('');
  });
});
