/**
 * The command line, parsed by commander: `journeykit invoke <templateId> --file <path> [options]`.
 * Turns flags into checked {@link InvokeCommandOptions}; a bad flag is a usage error (exit 2).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaults } from '@journeykit/core';
import { runInvoke, type InvokeCommandOptions } from './invoke-command.js';
import { addPullCommands } from './pull-program.js';
import { ALLOW_INSECURE_HTTP_ENV, insecureHttpAllowedByEnv } from './insecure-http.js';
import { parseExpirationFlag } from './key-expiration.js';
import { TYPE_STRIPPING_NODE } from './load-catalog.js';
import { columnMapping } from './mapping.js';
import { inputFormat } from './records.js';

declare const __JOURNEYKIT_CLI_VERSION__: string;

/** Retries per line after the first attempt: a backfill prefers patience to a failed line. */
const DEFAULT_CLI_RETRIES = 5;

function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min) throw new InvalidArgumentError(`expected a whole number >= ${min}`);
    return n;
  };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface InvokeFlags {
  file: string;
  format?: 'ndjson' | 'csv';
  userIdColumn?: string;
  profile?: string[];
  data?: string[];
  mapping?: string;
  keyColumn?: string;
  concurrency: number;
  ratePerSecond?: number;
  dryRun?: boolean;
  out?: string;
  timeoutMs: number;
  maxRetries: number;
  idempotencyExpiration?: string;
  allowInsecureHttp?: boolean;
  progressIntervalMs: number;
  catalog?: string;
}

/** Builds the program; `run` receives the checked options of `invoke` and returns the exit code. */
export function createProgram(run: (options: InvokeCommandOptions) => Promise<number> = runInvoke): Command {
  return addPullCommands(invokeProgram(run));
}

function invokeProgram(run: (options: InvokeCommandOptions) => Promise<number>): Command {
  const program = new Command('journeykit')
    .description(
      `Start Courier journeys in bulk; pull typed catalogs from their trigger schemas. Reads COURIER_API_KEY, COURIER_BASE_URL and ${ALLOW_INSECURE_HTTP_ENV} from the environment.`,
    )
    .version(__JOURNEYKIT_CLI_VERSION__)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('invoke')
    .description(
      'Start journey <templateId> for every line of an NDJSON or CSV file. Each line gets an idempotency key derived from ' +
        'the journey and its content (or --key-column), so running the same file again starts nothing twice.',
    )
    .argument('<templateId>', 'journey template ID or alias')
    .requiredOption('-f, --file <path>', 'NDJSON (one JSON object a line) or CSV with a header row; - for stdin')
    .addOption(new Option('--format <format>', 'input format (default: csv for *.csv, else ndjson)').choices(['ndjson', 'csv']))
    .option('--user-id-column <column>', 'column holding user_id')
    .option('--profile <field=column>', 'profile field from a column (repeatable), e.g. --profile email=email_address', collect)
    .option('--data <field=column>', 'data field from a column (repeatable), e.g. --data plan=plan_name', collect)
    .option('--mapping <file>', 'JSON mapping file: {"user_id": col, "profile": {field: col}, "data": {field: col}, "key": col}')
    .option('--key-column <column>', "column whose value is the line's Idempotency-Key (default: a hash of the journey and the line)")
    .option('-c, --concurrency <n>', 'most lines in flight at once', wholeNumber(1), defaults.invokeMany.concurrency)
    .option('-r, --rate-per-second <n>', 'most lines started per second (default: no limit)', positiveNumber)
    .option(
      '--catalog <module>',
      `validate every line through the \`journeys\` catalog this module exports before sending (the module journeykit pull writes, compiled to .js/.mjs; a .ts module on ${TYPE_STRIPPING_NODE}, which strip types)`,
    )
    .option('--dry-run', 'validate every line and report each bad one with its line number and field; send nothing')
    .option('-o, --out <path>', 'write one JSON result per line (line, ok, runId or error, idempotencyKey)')
    .option('--timeout-ms <ms>', 'per-attempt timeout, in milliseconds', wholeNumber(1), 30_000)
    .option('--max-retries <n>', 'retries per line after the first attempt', wholeNumber(0), DEFAULT_CLI_RETRIES)
    .option('--idempotency-expiration <when>', "keep keys longer than Courier's ~24 h: a duration (36h, 7d) or ISO date, 24 hours to 1 year")
    .option(
      '--allow-insecure-http',
      `let COURIER_BASE_URL be plain http:// to a host that is not loopback (a docker compose service); also ${ALLOW_INSECURE_HTTP_ENV}=1`,
    )
    .addOption(
      new Option('--progress-interval-ms <ms>', 'plain progress line interval when stderr is not a terminal, in milliseconds')
        .argParser(wholeNumber(1))
        .default(2000)
        .hideHelp(),
    )
    .addHelpText(
      'after',
      `
Examples:
  journeykit invoke welcome --file users.ndjson --concurrency 32 --rate-per-second 100 --out results.ndjson
  journeykit invoke welcome --file users.csv --user-id-column id --profile email=email --data plan=plan
  cat users.ndjson | journeykit invoke welcome --file - --dry-run

Exit codes: 0 every line started (dry run: every line valid), 1 some did not or no line was read,
2 usage error, 130 interrupted by Ctrl-C (143 by SIGTERM).`,
    )
    .action(async (templateId: string, flags: InvokeFlags) => {
      const options: InvokeCommandOptions = {
        templateId,
        file: flags.file,
        format: inputFormat(flags.file, flags.format),
        mapping: columnMapping({
          userIdColumn: flags.userIdColumn,
          profile: flags.profile ?? [],
          data: flags.data ?? [],
          keyColumn: flags.keyColumn,
          mappingFile: flags.mapping,
        }),
        concurrency: flags.concurrency,
        ratePerSecond: flags.ratePerSecond,
        dryRun: flags.dryRun === true,
        out: flags.out,
        timeoutMs: flags.timeoutMs,
        maxRetries: flags.maxRetries,
        keyExpiration: flags.idempotencyExpiration === undefined ? undefined : parseExpirationFlag(flags.idempotencyExpiration),
        progressIntervalMs: flags.progressIntervalMs,
        allowInsecureHttp: flags.allowInsecureHttp === true || insecureHttpAllowedByEnv(),
        catalog: flags.catalog,
      };
      process.exitCode = await run(options);
    });
  return program;
}
