/**
 * The `pull` and `check` commands on the commander program: flags to {@link PullCommandOptions}.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { ALLOW_INSECURE_HTTP_ENV, insecureHttpAllowedByEnv } from './insecure-http.js';
import { runCheck, runPull, type PullCommandOptions } from './pull-command.js';

function alias(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([^=\s]+)=(\S+)$/.exec(value);
  if (match === null) throw new InvalidArgumentError('expected key=templateId, e.g. --alias welcome=tmpl_01');
  const [, key, id] = match as unknown as [string, string, string];
  if (Object.values(previous).includes(id)) throw new InvalidArgumentError(`template ID ${id} already has an alias`);
  return { ...previous, [key]: id };
}

interface PullFlags {
  alias?: Record<string, string>;
  allowInsecureHttp?: boolean;
}

/**
 * Adds `pull` and `check` to `program`.
 *
 * @example
 * ```ts
 * await addPullCommands(new Command('journeykit')).parseAsync(['node', 'journeykit', 'check', 'src/journeys.gen.ts']);
 * ```
 */
export function addPullCommands(
  program: Command,
  run: { pull: (o: PullCommandOptions) => Promise<number>; check: (o: PullCommandOptions) => Promise<number> } = { pull: runPull, check: runCheck },
): Command {
  const insecure = `let COURIER_BASE_URL be plain http:// to a host that is not loopback; also ${ALLOW_INSECURE_HTTP_ENV}=1`;
  const options = (file: string, flags: PullFlags): PullCommandOptions => ({
    file,
    aliases: flags.alias ?? {},
    allowInsecureHttp: flags.allowInsecureHttp === true || insecureHttpAllowedByEnv(),
  });
  program
    .command('pull')
    .description(
      "Write a typed catalog module from Courier's published journeys: every journey with an api-invoke trigger, its data typed " +
        'from the trigger schema and checked at run time (Ajv, Draft-07, as Courier). The module imports ajv and ajv-formats.',
    )
    .argument('<file>', 'the module to write, e.g. src/journeys.gen.ts')
    .option('--alias <key=templateId>', 'catalog key for a template ID (repeatable), e.g. --alias welcome=tmpl_01', alias)
    .option('--allow-insecure-http', insecure)
    .addHelpText(
      'after',
      '\nExample:\n  journeykit pull src/journeys.gen.ts --alias welcome=tmpl_01\n\nExit codes: 0 written, 1 Courier could not be read, 2 usage or configuration error (no COURIER_API_KEY).',
    )
    .action(async (file: string, flags: PullFlags) => {
      process.exitCode = await run.pull(options(file, flags));
    });
  program
    .command('check')
    .description("For CI: compare a module written by pull with Courier's published journeys now; print the drift and exit 1 when they differ.")
    .argument('<file>', 'the module pull wrote')
    .option('--allow-insecure-http', insecure)
    .addHelpText(
      'after',
      '\nExample:\n  journeykit check src/journeys.gen.ts\n\nExit codes: 0 the same, 1 drift (listed) or Courier could not be read, 2 usage or configuration error (no COURIER_API_KEY).',
    )
    .action(async (file: string, flags: PullFlags) => {
      process.exitCode = await run.check(options(file, flags));
    });
  return program;
}
