/**
 * `journeykit-fake-courier`: the fake Courier server as a standalone process, so apps in any
 * language can be developed against it. Set their COURIER_BASE_URL to the printed URL.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { thrownText } from '@journeykit/core/internal';
import type { FakeJourneyDefinition } from './model/journey-definitions.js';
// The package's own entry, not its sources: the build keeps it external, so the tarball holds the
// fake server (and its console) once, in dist/index.js, instead of a second copy inside cli.js.
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { parseRunStatusScript, type RunStatusStep } from './model/run-status-script.js';

const DEFAULT_API_KEY = 'test-key';
const USAGE = `Usage: journeykit-fake-courier [--port <n>] [--host <addr>] [--api-key <key>] [--seed <n>] [--chaos <rate>]
                              [--max-records <n>] [--max-idempotency-keys <n>] [--idempotency-key-ttl-ms <n>]
                              [--run-statuses <list>] [--journey-definitions <file.json>]
                              [--no-console] [--console-token <token>]
                              [--strict-trigger-schemas]

Serves Courier's journey endpoints: POST /journeys/{templateId}/invoke, POST /journeys/cancel,
GET /journeys/runs, GET /journeys/runs/{runId}, GET /journeys/runs/{runId}/steps, GET /journeys,
GET /journeys/{templateId} and GET /journeys/{templateId}/versions, with the bearer check,
validation, idempotency keys and Courier-shaped run ids. Logs one line per request.
Ctrl-C stops it.

  --port <n>        port to listen on (default 0: a free port; the URL is printed)
  --host <addr>     interface to listen on (default 127.0.0.1)
  --api-key <key>   bearer token to accept (default "${DEFAULT_API_KEY}")
  --seed <n>        make run ids reproducible
  --chaos <rate>    fail this share of requests (0-1) with random faults: drops, 429, 503, stalls...
  --max-records <n>             requests and runs kept for inspection, each (default 10000)
  --max-idempotency-keys <n>    idempotency keys remembered; the oldest go first (default 100000)
  --idempotency-key-ttl-ms <n>  how long a key lives without X-Idempotency-Expiration (default 25 h)
  --run-statuses <list>         how every run moves through statuses: a status, then @ and the ms
                                after the start, e.g. PROCESSING,WAITING@500,PROCESSED@2000
                                (default: PROCESSING until canceled)
  --journey-definitions <file>  a JSON array of journeys ({ id, name, nodes, state?, enabled?, versions? })
                                served by GET /journeys and GET /journeys/{templateId}[/versions]
  --no-console                  serve no web console (default: at /_console/, open on loopback,
                                behind a token printed here when --host is another interface)
  --console-token <token>       the console's token (16+ characters), asked for on any host
  --strict-trigger-schemas      answer 400 for data that fails its journey's trigger schema
                                (default, as Courier: 200 and a run that ends in ERROR)
  -h, --help        show this help`;

/** A command-line mistake: reported with the usage, exit code 2. */
class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) fail(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function chaosRate(value: string | undefined): { rate: number } | undefined {
  if (value === undefined) return undefined;
  const rate = Number(value);
  if (value.trim() === '' || !(rate >= 0 && rate <= 1)) fail(`--chaos must be a number from 0 to 1, got "${value}"`);
  return { rate };
}

function journeyDefinitions(file: string | undefined): FakeJourneyDefinition[] | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`--journey-definitions: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text) as FakeJourneyDefinition[];
  } catch (err) {
    fail(`--journey-definitions: ${file} is not JSON: ${thrownText(err)}`);
  }
}

function runStatuses(value: string | undefined): RunStatusStep[] | undefined {
  if (value === undefined) return undefined;
  const steps = parseRunStatusScript(value);
  for (const step of steps) {
    if (step.status === '' || Number.isNaN(step.afterMs)) fail(`--run-statuses must look like PROCESSING,WAITING@500,PROCESSED@2000, got "${value}"`);
  }
  return steps;
}

/** Where the console is; a token given on the command line is not echoed, like the API key. */
function consoleLine(server: FakeCourierServer, tokenGiven: boolean): string {
  const url = server.consoleUrl;
  if (url === undefined) return 'console: off (--no-console)';
  if (tokenGiven) return `console: ${url.replace(/\?token=.*$/, '')}?token=<the token given by --console-token>`;
  return url.includes('?token=') ? `console (token, since --host is not loopback): ${url}` : `console: ${url}`;
}

async function main(): Promise<void> {
  let values: {
    port?: string;
    host?: string;
    'api-key'?: string;
    seed?: string;
    chaos?: string;
    'max-records'?: string;
    'max-idempotency-keys'?: string;
    'idempotency-key-ttl-ms'?: string;
    'run-statuses'?: string;
    'journey-definitions'?: string;
    'no-console'?: boolean;
    'console-token'?: string;
    'strict-trigger-schemas'?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string' },
        seed: { type: 'string' },
        chaos: { type: 'string' },
        'max-records': { type: 'string' },
        'max-idempotency-keys': { type: 'string' },
        'idempotency-key-ttl-ms': { type: 'string' },
        'run-statuses': { type: 'string' },
        'journey-definitions': { type: 'string' },
        'no-console': { type: 'boolean' },
        'console-token': { type: 'string' },
        'strict-trigger-schemas': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(thrownText(err));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const apiKey = values['api-key'] ?? DEFAULT_API_KEY;
  if (values['no-console'] && values['console-token'] !== undefined) fail('--no-console and --console-token contradict each other: pass one');
  const consoleToken = values['console-token'];
  let server: FakeCourierServer;
  try {
    server = await startFakeCourier({
      apiKey,
      port: wholeNumber('port', values.port) ?? 0,
      host: values.host ?? '127.0.0.1',
      seed: wholeNumber('seed', values.seed),
      chaos: chaosRate(values.chaos),
      maxRecords: wholeNumber('max-records', values['max-records']),
      maxIdempotencyKeys: wholeNumber('max-idempotency-keys', values['max-idempotency-keys']),
      idempotencyKeyTtlMs: wholeNumber('idempotency-key-ttl-ms', values['idempotency-key-ttl-ms']),
      runStatuses: runStatuses(values['run-statuses']),
      journeyDefinitions: journeyDefinitions(values['journey-definitions']),
      console: values['no-console'] ? false : consoleToken === undefined ? true : { token: consoleToken },
      strictTriggerSchemas: values['strict-trigger-schemas'] ?? false,
      log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
    });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    process.stderr.write(`journeykit-fake-courier: could not start: ${thrownText(err)}\n`);
    process.exitCode = 1;
    return;
  }
  // A key given on the command line is never echoed, so it stays out of scrollback and CI logs.
  const keyNote = values['api-key'] === undefined ? `the default API key "${DEFAULT_API_KEY}"` : 'the API key given by --api-key';
  process.stdout.write(
    `Fake Courier listening on ${server.url}\n` +
      `  accepts ${keyNote}\n` +
      `  point your app at it: COURIER_BASE_URL=${server.url}\n` +
      `  ${consoleLine(server, consoleToken !== undefined)}\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping the fake Courier\n`);
    server.close().then(
      () => process.stdout.write('Fake Courier stopped\n'),
      (err: unknown) => {
        process.stderr.write(`journeykit-fake-courier: error while stopping: ${String(err)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Exit codes are set, never forced with process.exit(), so piped output is flushed first.
main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`journeykit-fake-courier: ${err.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`journeykit-fake-courier: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
});
