import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from '../support/run-cli.js';

const FAILING_CLI = 'test/core/fixtures/failing-cli.ts';

describe('command-line errors', () => {
  it('when a user error ends a CLI then its message alone is printed and the exit code is 2', async () => {
    const run = await runCli(FAILING_CLI, ['user']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('failing-cli: Expected a positive number for --scale but received "x"\n');
  });

  it('when a defect or a 5xx catalogue error ends a CLI then its stack is printed and the exit code is 1', async () => {
    const [defect, kernel] = await Promise.all([runCli(FAILING_CLI, ['defect']), runCli(FAILING_CLI, ['kernel'])]);

    expect(defect.code).toBe(1);
    expect(defect.stderr).toMatch(/^failing-cli: Error: an internal defect\n/);
    expect(defect.stderr).toMatch(STACK_LINE);
    expect(kernel.code).toBe(1);
    expect(kernel.stderr).toMatch(/Expected a filter of 3 x 3 but received 0 x 3\n/);
    expect(kernel.stderr).toMatch(STACK_LINE);
  });
});
