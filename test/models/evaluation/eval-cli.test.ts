import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from '../../support/run-cli.js';

describe('npm run eval on the command line', () => {
  it('when it is given a split it does not know or a version without a recipe then it names the problem without a stack', async () => {
    const [split, recipe] = await Promise.all([
      runCli('models/evaluation/eval.ts', ['--split', 'foo']),
      runCli('models/evaluation/eval.ts', ['--leave-one-out', '--model', 'conv-seg@1.1.0', '--count', '10']),
    ]);

    expect(split.code).toBe(2);
    expect(split.stderr).toBe('eval: Expected test or validation for --split but received "foo"\n');
    expect(recipe.code).toBe(2);
    expect(recipe.stderr).toMatch(/^eval: No conv-seg recipe for version "1\.1\.0"; expected one of \d+\.\d+\.\d+, /);
    expect(split.stderr + recipe.stderr).not.toMatch(STACK_LINE);
  });
});
