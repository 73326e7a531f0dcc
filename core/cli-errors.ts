/**
 * How a command-line tool ends on an error. A `ScangateError` with a 4xx status is the user's to fix (an
 * option, a config key, a version that does not exist): its message alone goes to stderr and the exit code
 * is 2, as for a usage error. Anything else, 5xx catalogue errors included (a kernel called wrongly), is a
 * defect: the stack goes to stderr and the exit code is 1.
 */
import { ScangateError } from './errors.js';

let installed = false;

/**
 * Installs the handler (once; later calls do nothing). Call it first in a CLI entry point: it sees what the
 * module's body and its top-level `await`s throw, not what a static import throws while loading.
 */
export function reportCliErrors(name: string): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (error: unknown) => {
    if (error instanceof ScangateError && error.status < 500) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
