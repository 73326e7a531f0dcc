/**
 * `npm run eval [-- --model <name@version|dir>] [--scale <f> | --count <n>] [--out <dir>]`: evaluates a
 * committed model on the test seed range (never trained, calibrated or validated on) and writes
 * `evaluation.md` and `roc.png` beside its card; a full run also links them from the card.
 * `npm run eval -- --compare A B` scores two versions on the same scans and prints them side by side.
 * `npm run eval -- --leave-one-out` retrains the model's recipe without each anomaly family (minutes)
 * and writes `leave-one-out.md` beside the evaluation.
 * Scaled runs write to the OS temp directory unless `--out` says otherwise.
 */
import { readFileSync } from 'node:fs';
import { reportCliErrors } from '../../core/cli-errors.js';
import { loadConfig } from '../../core/config.js';
import { createProgressBar } from '../../fixtures/progress.js';
import { loadKernels } from '../../kernels/index.js';
import { parseEvalArgs } from './eval-options.js';
import { runEvaluation, runLeaveOneOutCli } from './run-evaluation.js';
import { testSetSize } from './test-set.js';

reportCliErrors('eval');
const args = process.argv.slice(2);
const options = parseEvalArgs(args);
const config = loadConfig();
const command = ['npm run eval', ...(args.length ? ['--', ...args] : [])].join(' ');
if (options.leaveOneOut) {
  const file = await runLeaveOneOutCli(options, command);
  process.stdout.write(`${readFileSync(file, 'utf8')}\nwrote ${file}\n`);
  process.exit(0);
}
const total = testSetSize(options.plan);
const bar = createProgressBar('[eval] scans', total);
const run = await runEvaluation(options, {
  kernels: loadKernels(),
  thresholds: { yellowPValue: config.YELLOW_P_VALUE, redPValue: config.RED_P_VALUE },
  weightTolerance: config.WEIGHT_TOLERANCE,
  command,
  onProgress: (done) => bar.update(done),
  helperThread: true,
});
bar.stop();
process.stdout.write(`${run.markdown}\n${run.files.map((f) => `wrote ${f}`).join('\n')}\n(${run.seconds.toFixed(0)} s)\n`);
