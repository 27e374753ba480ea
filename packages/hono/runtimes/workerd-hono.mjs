// The Hono proof on Cloudflare workerd: runtimes/worker.mjs (a Hono app using @journeykit/hono) served by the
// workerd binary in JOURNEYKIT_WORKERD, against the real fake server run here in Node. It reuses the test kit's
// workerd launcher (packages/testkit/runtimes/workerd.mjs: the bundle with the `workerd` condition, nodejs_compat,
// loopback allowed). Exits 1 on any difference, naming it; without JOURNEYKIT_WORKERD it says "not run" (never passed).
//   pnpm --filter @journeykit/hono build && JOURNEYKIT_WORKERD=$(which workerd) pnpm --filter @journeykit/hono test:runtimes
import { isDeepStrictEqual } from 'node:util';
import { startFakeCourier } from '@journeykit/testkit';
import { startWorkerd } from '../../testkit/runtimes/workerd.mjs';

const binary = process.env.JOURNEYKIT_WORKERD;
if (!binary) {
  console.log('workerd (hono): not run (set JOURNEYKIT_WORKERD to its binary)');
  process.exit(0);
}

const KEY = 'sk_test_runtimes_hono';
const server = await startFakeCourier({ apiKey: KEY });
const signup = (origin, body) =>
  fetch(`${origin}/signup`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-user-id': 'ada' }, body });

const cases = [
  {
    name: 'a Hono route starts a journey: the identity from identify(c), a 503 retried under one key',
    arrange: () => server.inject({ kind: 'status', status: 503, stored: false }),
    act: (origin) => signup(origin, JSON.stringify({ plan: 'pro' })),
    expected: () => ({
      status: 201,
      body: { runId: server.invocations[0]?.runId },
      requests: [503, 200],
      keys: 1,
      sent: [{ user_id: 'ada', data: { plan: 'pro' } }],
    }),
  },
  {
    name: 'a validation error answered 400 with the one error body by journeysErrorHandler(), nothing sent',
    arrange: () => {},
    act: (origin) => signup(origin, '[1,2]'),
    expected: (seen) => ({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: seen.body?.message, code: 'ERR_JOURNEYS_VALIDATION', issues: seen.body?.issues },
      requests: [],
      keys: 0,
      sent: [],
    }),
  },
  {
    name: 'Courier failing every attempt answered 502, the key in no answer',
    arrange: () => server.inject({ kind: 'status', status: 503, stored: false }, { times: Infinity }),
    act: (origin) => signup(origin, '{}'),
    expected: (seen) => ({
      status: 502,
      body: { statusCode: 502, error: 'Bad Gateway', message: seen.body?.message, code: 'ERR_JOURNEYS_API' },
      requests: [503, 503, 503],
      keys: 1,
      sent: [],
    }),
  },
];

/** The answer's JSON, or its text when it is not JSON (a FAIL line shows it). */
const parsed = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

let failed = 0;
const workerd = await startWorkerd(binary, {
  entry: new URL('./worker.mjs', import.meta.url),
  bindings: { COURIER_API_KEY: KEY, COURIER_BASE_URL: server.url },
});
try {
  const transport = await (await fetch(`${workerd.origin}/transport`)).json();
  if (!transport.undiciRefused) {
    failed++;
    console.log('FAIL workerd (hono): the worker did not load core\'s fetch build (transport: "undici" accepted)');
  }
  for (const c of cases) {
    server.reset();
    c.arrange();
    const started = performance.now();
    const answer = await c.act(workerd.origin);
    const text = await answer.text();
    if (text.includes(KEY)) failed++;
    const seen = {
      status: answer.status,
      body: parsed(text),
      requests: server.requests.map((r) => r.status),
      keys: new Set(server.requests.map((r) => r.idempotencyKey)).size,
      sent: server.invocations.map((i) => i.request),
    };
    const expected = c.expected(seen);
    const ok = isDeepStrictEqual(seen, expected) && !text.includes(KEY);
    if (!ok) failed++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} workerd (hono): ${c.name} (${Math.round(performance.now() - started)} ms)${ok ? '' : `\n  saw      ${JSON.stringify(seen)}\n  expected ${JSON.stringify(expected)}`}`,
    );
  }
} finally {
  await workerd.stop();
  await server.close();
}
process.exitCode = failed === 0 ? 0 : 1;
