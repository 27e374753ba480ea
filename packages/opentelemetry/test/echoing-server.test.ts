/**
 * What a trace must never hold, against a server that echoes everything it was sent (as some APIs,
 * proxies and gateways do on errors): the request body, every header and the Authorization header,
 * as is and base64-encoded, in its message, its body and its `x-request-id`. For invoke, cancel and
 * the run reads, failing at the first attempt and after retries, directly and through the outbox
 * (real PostgreSQL, JOURNEYKIT_TEST_DATABASE_URL): no exported span, span event or metric point may
 * contain the key, an email, a phone number or any `profile` / `data` value. Real HTTP on
 * 127.0.0.1, undici on the client side, the real undici instrumentation and a real SDK.
 */
import { JourneysClient } from '@journeykit/core';
import { JourneysOutbox, type OutboxTelemetry } from '@journeykit/outbox';
import { leakedSecrets } from '@journeykit/test-support/leaks';
import { inTurn, json, startLocalServer, type LocalServer, type Responder } from '@journeykit/test-support/local-server';
import { dropSchema, freshSchema, testBoss, waitFor } from '@journeykit/test-support/postgres';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { journeysTelemetry } from '../src/index.js';
import { pointsOf, startTestSdk, type TestSdk } from './support/otel.js';

const API_KEY = 'sk_test_otel_echo_4f9c2b7e1a8d';
const RUN_ID = '1-65f240a0-47a6a120c8374de9bcf9f22c';
const EMAIL = 'ada@private.example';
const PHONE = '+15550100777';
const REQUEST = {
  user_id: 'user-private-7',
  profile: { email: EMAIL, phone_number: PHONE, name: 'profile-private-name' },
  data: { ssn: '123-45-6789', coupon: 'data-private-value', nested: { note: 'data-private-note' } },
};
/** What the request carried, the key first: none of it may be exported, in any encoding. */
const SECRETS = [
  API_KEY,
  EMAIL,
  PHONE,
  '5550100777',
  'user-private-7',
  'profile-private-name',
  '123-45-6789',
  'data-private-value',
  'data-private-note',
];
const ANY_EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;
/** An E.164 phone number; durations and counts in the export are plain decimals, never `+` and 8 or more digits. */
const ANY_PHONE = /\+\d{8,15}/;

/** Answers `status` with everything it was sent: in `message`, in the body, and in `x-request-id`. */
function echo(status: number): Responder {
  return (req, res) => {
    const authorization = String(req.headers.authorization);
    const echoed =
      `${req.method} ${req.url} body ${req.body} headers ${JSON.stringify(req.headers)} ` +
      `authorization ${authorization} base64 ${Buffer.from(authorization).toString('base64')}`;
    // A GET has no body; a POST's is JSON.
    const body: unknown = req.body === '' ? undefined : JSON.parse(req.body);
    const headers: Record<string, string> = { 'x-request-id': echoed };
    if (status === 429) headers['retry-after'] = '0';
    json(
      res,
      status,
      { message: `Invalid request: ${echoed}`, type: 'invalid_request_error', request: body, headers: req.headers, authorization },
      headers,
    );
  };
}

/** Everything the SDK exported: each span's name, kind, attributes, events, links and status, and every metric point. */
function exported(spans: readonly ReadableSpan[], metrics: unknown): string {
  const rendered = spans.map((s) => ({ name: s.name, kind: s.kind, attributes: s.attributes, events: s.events, links: s.links, status: s.status }));
  return JSON.stringify({ spans: rendered, metrics });
}

function expectNothingPrivate(text: string): void {
  expect(leakedSecrets(text, SECRETS)).toEqual([]);
  expect(text).not.toMatch(ANY_EMAIL);
  expect(text).not.toMatch(ANY_PHONE);
}

const drain = async (runs: AsyncIterable<unknown>): Promise<void> => {
  for await (const _ of runs);
};

describe('the client, against an echoing server', () => {
  let server: LocalServer;
  let sdk: TestSdk;
  beforeAll(async () => {
    server = await startLocalServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    sdk = startTestSdk();
  });
  afterEach(() => sdk.shutdown());

  const CALLS: [string, string, (client: JourneysClient) => Promise<unknown>][] = [
    ['invoke', 'journey.invoke welcome', (c) => c.invoke('welcome', REQUEST)],
    ['cancel by token', 'journey.cancel', (c) => c.cancel({ cancelation_token: `order-${EMAIL}` })],
    ['cancel by run id', 'journey.cancel', (c) => c.cancel({ run_id: RUN_ID })],
    ['runs.get', 'journey.runs.get', (c) => c.runs.get(RUN_ID)],
    ['runs.steps', 'journey.runs.steps', (c) => c.runs.steps(RUN_ID)],
    ['runs.list', 'journey.runs.list', (c) => drain(c.runs.list({ template_id: ['welcome'], status: ['ERROR'] }))],
  ];
  const FAILURES: [string, () => Responder, number][] = [
    ['at the first attempt (400)', () => echo(400), 1],
    ['after retries (503, 429, then 400)', () => inTurn(echo(503), echo(429), echo(400)), 3],
  ];
  const cases = CALLS.flatMap(([call, span, run]) =>
    FAILURES.map(([failure, responder, attempts]) => [call, failure, span, run, responder, attempts] as const),
  );

  it.each(cases)(
    '%s failing %s: no key, email, phone or data value in any span, event or metric',
    async (_call, _failure, spanName, run, responder, attempts) => {
      server.respond = responder();
      server.requests.length = 0;
      const client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, retryDelayMs: 1, telemetry: journeysTelemetry() });
      try {
        await expect(run(client)).rejects.toMatchObject({ code: 'ERR_JOURNEYS_API', status: 400 });
      } finally {
        await client.close();
      }
      // The server did see (and echo) everything, so there was something to leak.
      expect(server.requests).toHaveLength(attempts);
      const spans = sdk.spans.getFinishedSpans();
      expectNothingPrivate(exported(spans, await sdk.collectMetrics()));
      const call = spans.find((s) => s.name === spanName);
      expect(call?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Courier answered 400 (invalid_request_error)' });
      expect(call?.attributes).toMatchObject({ 'error.type': 'ERR_JOURNEYS_API', 'http.response.status_code': 400, 'journeykit.attempts': attempts });
      expect(call?.events.filter((e) => e.name === 'journeykit.retry')).toHaveLength(attempts - 1);
    },
  );

  it("keeps Courier's request id when it has an id's shape (the key in it redacted), and drops one that does not", async () => {
    server.respond = inTurn(
      (_req, res) => json(res, 400, { message: `no ${EMAIL}`, type: 'invalid_request_error' }, { 'x-request-id': 'req_8f2a9c' }),
      (req, res) => json(res, 404, { message: 'nope', type: 'not_found' }, { 'x-request-id': `req_1 ${String(req.headers.authorization)}` }),
    );
    const client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, telemetry: journeysTelemetry() });
    try {
      await expect(client.invoke('welcome', REQUEST)).rejects.toMatchObject({ requestId: 'req_8f2a9c' });
      await expect(client.runs.get(RUN_ID)).rejects.toMatchObject({ requestId: 'req_1 Bearer [redacted]' });
    } finally {
      await client.close();
    }
    const spans = sdk.spans.getFinishedSpans();
    expectNothingPrivate(exported(spans, await sdk.collectMetrics()));
    expect(spans.find((s) => s.name === 'journey.invoke welcome')?.status.message).toBe(
      'Courier answered 400 (invalid_request_error), request id req_8f2a9c',
    );
    expect(spans.find((s) => s.name === 'journey.runs.get')?.status.message).toBe('Courier answered 404 (not_found)');
  });

  it.each([
    ['a value of data (an SSN)', (_req: { headers: Record<string, unknown> }) => '123-45-6789'],
    ['the Idempotency-Key the caller sent', (req: { headers: Record<string, unknown> }) => String(req.headers['idempotency-key'])],
  ])('a server that echoes one single request value, %s, into x-request-id: not in the span status', async (_name, echoed) => {
    server.respond = (req, res) => json(res, 400, { message: 'Invalid request', type: 'invalid_request_error' }, { 'x-request-id': echoed(req) });
    const client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, telemetry: journeysTelemetry() });
    const error = await client.invoke('welcome', REQUEST, { idempotencyKey: 'order-42-shipped' }).catch((e: unknown) => e);
    await client.close();
    const spans = sdk.spans.getFinishedSpans();
    expect(spans.find((s) => s.name === 'journey.invoke welcome')?.status.message).toBe('Courier answered 400 (invalid_request_error)');
    const text = exported(spans, await sdk.collectMetrics());
    expectNothingPrivate(text);
    expect(text).not.toContain('order-42-shipped');
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_API', status: 400, requestId: undefined });
  });
});

describe('the outbox, against an echoing server', () => {
  const schema = freshSchema('jk_otel_echo');
  let server: LocalServer;
  let sdk: TestSdk;
  let outbox: JourneysOutbox;
  /** What to undo after the file, last made first undone. */
  const teardown: (() => Promise<unknown>)[] = [];
  /** Every event the outbox handed its telemetry (what any telemetry, not only this package's, would get). */
  const told: unknown[] = [];

  beforeAll(async () => {
    teardown.push(() => dropSchema(schema));
    sdk = startTestSdk();
    teardown.push(() => sdk.shutdown());
    // `refused` fails at its first delivery; `flaky` fails (503), is retried by pg-boss, then is refused.
    const flaky = inTurn(echo(503), echo(400));
    server = await startLocalServer((req, res, socket) => (req.url.includes('/flaky/') ? flaky(req, res, socket) : echo(400)(req, res, socket)));
    teardown.push(() => server.close());
    const telemetry = journeysTelemetry();
    const client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, telemetry });
    teardown.push(() => client.close());
    const listening: OutboxTelemetry = {
      observeOutbox(probe) {
        const inner = telemetry.observeOutbox(probe);
        const tell =
          <E>(forward: (event: E) => void) =>
          (event: E) => {
            told.push(event);
            forward(event);
          };
        return {
          onEnqueue: tell(inner.onEnqueue),
          onDeliver: tell(inner.onDeliver),
          onRetry: tell(inner.onRetry),
          onDeadLetter: tell(inner.onDeadLetter),
          stop: inner.stop,
        };
      },
    };
    outbox = new JourneysOutbox({
      boss: testBoss(schema, { max: 3 }),
      client,
      telemetry: listening,
      retry: { horizonMs: 60_000, initialDelayMs: 1000, maxDelayMs: 1000 },
    });
    teardown.push(() => outbox.stop());
    await outbox.start();
  });
  afterAll(async () => {
    for (const undo of teardown.reverse()) await undo();
  });

  it('a delivery refused at once, and one retried then refused: no key, email, phone or data value in any span, event or metric', async () => {
    await outbox.enqueue('refused', REQUEST);
    await outbox.enqueue('flaky', REQUEST);
    await outbox.work({ concurrency: 2, pollIntervalMs: 500 });
    await waitFor('two dead letters', async () => (await outbox.listDeadLetters()).length === 2);
    expect(server.requests).toHaveLength(3);

    const metrics = await sdk.collectMetrics();
    const spans = sdk.spans.getFinishedSpans();
    expectNothingPrivate(exported(spans, metrics));
    // What the outbox told its telemetry: codes and statuses, no user, no key, no message.
    expect(told).toContainEqual(expect.objectContaining({ templateId: 'flaky', error: { code: 'ERR_JOURNEYS_API', status: 503 } }));
    expect(JSON.stringify(told)).not.toMatch(/user-private-7|Invalid request|idempotency/i);
    expectNothingPrivate(JSON.stringify(told));
    expect(pointsOf(metrics, 'journeykit.outbox.retried')).toEqual([
      { attributes: { 'journeykit.outbox.queue': 'journeykit-invoke', 'journeykit.journey': 'flaky', 'error.type': 'ERR_JOURNEYS_API' }, value: 1 },
    ]);
    expect(pointsOf(metrics, 'journeykit.outbox.dead_lettered').map((p) => p.value)).toEqual([1, 1]);
    expect(spans.filter((s) => s.name.startsWith('journey.invoke')).map((s) => s.status.message)).toEqual([
      expect.stringMatching(/^Courier answered (400|503) \(invalid_request_error\)$/),
      expect.stringMatching(/^Courier answered (400|503) \(invalid_request_error\)$/),
      expect.stringMatching(/^Courier answered (400|503) \(invalid_request_error\)$/),
    ]);
  });
});
