/**
 * Entry point of the `journeykit` command. Exit codes are set, not forced, so output written to
 * a pipe is flushed before the process ends.
 */
import { CommanderError } from 'commander';
import { isJourneysError } from '@journeykit/core';
import { createProgram } from './program.js';
import { UsageError } from './usage-error.js';

createProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    if (err instanceof CommanderError) {
      // commander printed the message (and the help hint) already; --help and --version exit 0.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
    } else if (err instanceof UsageError || (isJourneysError(err) && err.code === 'ERR_JOURNEYS_CONFIG')) {
      process.stderr.write(`journeykit: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`journeykit: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  });
