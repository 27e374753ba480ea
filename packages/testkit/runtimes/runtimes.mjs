// The runtime proof: journeykit on Bun and Deno (the fetch build, picked by the `bun` and `deno` export
// conditions) against the real fake server run here in Node. For each runtime binary given (JOURNEYKIT_BUN,
// JOURNEYKIT_DENO), three calls: a retry after an injected 503 under one key, a validation error with nothing
// sent, a timeout on a stalled server. Exits 1 on any difference, naming it; a runtime not given is named
// as not run (this script never passes a runtime it did not run).
//   JOURNEYKIT_BUN=$(which bun) JOURNEYKIT_DENO=$(which deno) node packages/testkit/runtimes/runtimes.mjs
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, promisify } from 'node:util';
import { startFakeCourier } from '@journeykit/testkit';

const run = promisify(execFile);
const scenario = fileURLToPath(new URL('./scenario.mjs', import.meta.url));
const runtimes = {
  bun: process.env.JOURNEYKIT_BUN && ((what, url) => [process.env.JOURNEYKIT_BUN, ['run', scenario, what, url]]),
  deno:
    process.env.JOURNEYKIT_DENO &&
    ((what, url) => [process.env.JOURNEYKIT_DENO, ['run', '--allow-net=127.0.0.1', '--allow-env', '--allow-read', scenario, what, url]]),
};

const server = await startFakeCourier({ apiKey: 'sk_test_runtimes' });
const cases = [
  {
    name: 'a retry after an injected 503, under one key',
    what: 'invoke',
    arrange: () => server.inject({ kind: 'status', status: 503, stored: false }),
    expected: () => ({ out: { ok: true, runId: server.invocations[0]?.runId, undiciRefused: true }, requests: [503, 200], keys: 1 }),
  },
  {
    name: 'a validation error, nothing sent',
    what: 'invalid',
    arrange: () => {},
    expected: (out) => ({
      out: { ok: false, error: 'JourneysValidationError', attempts: out.attempts, message: out.message, undiciRefused: true },
      requests: [],
      keys: 0,
    }),
  },
  {
    name: 'a timeout on a stalled server, retried once',
    what: 'timeout',
    arrange: () => server.inject({ kind: 'stall' }, { times: Infinity }),
    expected: (out) => ({
      out: { ok: false, error: 'JourneysTimeoutError', attempts: 2, message: out.message, undiciRefused: true },
      requests: ['stalled', 'stalled'],
      keys: 1,
    }),
  },
];

let failed = 0;
try {
  for (const [runtime, command] of Object.entries(runtimes)) {
    if (!command) {
      console.log(`${runtime}: not run (set JOURNEYKIT_${runtime.toUpperCase()} to its binary)`);
      continue;
    }
    for (const c of cases) {
      server.reset();
      c.arrange();
      const [file, args] = command(c.what, server.url);
      const started = performance.now();
      const { stdout } = await run(file, args, { timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
      const out = JSON.parse(stdout.trim().split('\n').at(-1));
      const seen = { out, requests: server.requests.map((r) => r.status), keys: new Set(server.requests.map((r) => r.idempotencyKey)).size };
      const expected = c.expected(out);
      const ok = isDeepStrictEqual(seen, expected);
      if (!ok) failed++;
      console.log(
        `${ok ? 'ok  ' : 'FAIL'} ${runtime}: ${c.name} (${Math.round(performance.now() - started)} ms)${ok ? '' : `\n  saw      ${JSON.stringify(seen)}\n  expected ${JSON.stringify(expected)}`}`,
      );
    }
  }
} finally {
  await server.close();
}
process.exitCode = failed === 0 ? 0 : 1;
