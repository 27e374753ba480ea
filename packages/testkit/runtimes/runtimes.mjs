// The runtime proof: journeykit on Bun, Deno and Cloudflare workerd (the fetch build, picked by the `bun`,
// `deno` and `workerd` export conditions) against the real fake server run here in Node. For each runtime binary
// given (JOURNEYKIT_BUN, JOURNEYKIT_DENO, JOURNEYKIT_WORKERD), three calls: a retry after an injected 503 under one key, a validation error with nothing
// sent, a timeout on a stalled server. Exits 1 on any difference, naming it; a runtime not given is named
// as not run (this script never passes a runtime it did not run).
//   JOURNEYKIT_BUN=$(which bun) JOURNEYKIT_DENO=$(which deno) JOURNEYKIT_WORKERD=$(which workerd) node packages/testkit/runtimes/runtimes.mjs
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startWorkerd } from './workerd.mjs';
import { isDeepStrictEqual, promisify } from 'node:util';
import { startFakeCourier } from '@journeykit/testkit';

const run = promisify(execFile);
const scenario = fileURLToPath(new URL('./scenario.mjs', import.meta.url));
/** Runs scenario.mjs in a runtime's command line; its last line of output is the outcome. */
const commandLine = (file, args) => async (what, url) => {
  const { stdout } = await run(file, [...args, scenario, what, url], { timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
  return JSON.parse(stdout.trim().split('\n').at(-1));
};
const { JOURNEYKIT_BUN: bun, JOURNEYKIT_DENO: deno, JOURNEYKIT_WORKERD: workerd } = process.env;
const runtimes = {
  bun: bun && (async () => ({ call: commandLine(bun, ['run']), stop: async () => {} })),
  deno: deno && (async () => ({ call: commandLine(deno, ['run', '--allow-net=127.0.0.1', '--allow-env', '--allow-read']), stop: async () => {} })),
  workerd: workerd && (() => startWorkerd(workerd)),
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
  for (const [runtime, start] of Object.entries(runtimes)) {
    if (!start) {
      console.log(`${runtime}: not run (set JOURNEYKIT_${runtime.toUpperCase()} to its binary)`);
      continue;
    }
    const { call, stop } = await start();
    try {
      for (const c of cases) {
        server.reset();
        c.arrange();
        const started = performance.now();
        const out = await call(c.what, server.url);
        const seen = { out, requests: server.requests.map((r) => r.status), keys: new Set(server.requests.map((r) => r.idempotencyKey)).size };
        const expected = c.expected(out);
        const ok = isDeepStrictEqual(seen, expected);
        if (!ok) failed++;
        console.log(
          `${ok ? 'ok  ' : 'FAIL'} ${runtime}: ${c.name} (${Math.round(performance.now() - started)} ms)${ok ? '' : `\n  saw      ${JSON.stringify(seen)}\n  expected ${JSON.stringify(expected)}`}`,
        );
      }
    } finally {
      await stop();
    }
  }
} finally {
  await server.close();
}
process.exitCode = failed === 0 ? 0 : 1;
