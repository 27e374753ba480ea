/**
 * The span tree and attributes of journey calls, exported by a real SDK (in-memory exporter)
 * over real HTTP to the fake Courier server, with the real undici instrumentation.
 */
import { JourneysClient } from '@journeykit/core';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { journeysTelemetry } from '../src/index.js';
import { invokeUnderRequestSpans } from './support/harness.js';
import { eventsOf, findSpan, parentOf, renderTree, startTestSdk, type TestSdk } from './support/otel.js';

const API_KEY = 'sk_test_otel_secret_key';
let server: FakeCourierServer;
let sdk: TestSdk;
let client: JourneysClient;
let port: number;

beforeAll(async () => {
  server = await startFakeCourier({ apiKey: API_KEY });
  port = server.port;
});
afterAll(() => server.close());

beforeEach(() => {
  sdk = startTestSdk();
  client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, retryDelayMs: 1, telemetry: journeysTelemetry() });
  server.reset();
});
afterEach(async () => {
  await client.close();
  await sdk.shutdown();
});

/** What an app's HTTP request span would be: the active span when the journey is started. */
function inRequestSpan<T>(fn: () => Promise<T>): Promise<T> {
  return trace.getTracer('app').startActiveSpan('GET /orders/:id', async (span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });
}

const callAttributes = () => ({
  'journeykit.call.kind': 'invoke',
  'journeykit.journey': 'order-shipped',
  'http.request.method': 'POST',
  'server.address': '127.0.0.1',
  'server.port': port,
});

describe('a journey call as a span tree', () => {
  it('a success: request span > journey.invoke > one undici POST span, and no attempt event for a lone successful attempt', async () => {
    const { runId } = await inRequestSpan(() => client.invoke('order-shipped', { user_id: 'user-1', data: { order_id: 'o-1' } }));
    const spans = sdk.spans.getFinishedSpans();
    expect(renderTree(spans)).toBe(['GET /orders/:id', '  journey.invoke order-shipped', '    POST'].join('\n'));

    const call = findSpan(spans, 'journey.invoke order-shipped');
    expect(parentOf(call)).toBe(findSpan(spans, 'GET /orders/:id').spanContext().spanId);
    expect(call.kind).toBe(SpanKind.INTERNAL);
    expect(call.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(call.attributes).toEqual({
      ...callAttributes(),
      'journeykit.outcome': 'success',
      'journeykit.attempts': 1,
      'http.response.status_code': 200,
      'journeykit.run.id': runId,
    });
    // One attempt, and it succeeded: the span says it all, no event.
    expect(call.events).toEqual([]);

    const http = findSpan(spans, 'POST');
    expect(http.kind).toBe(SpanKind.CLIENT);
    expect(http.attributes['http.response.status_code']).toBe(200);
    expect(http.attributes['url.full']).toBe(`${server.url}/journeys/order-shipped/invoke`);
    // The trace continues at Courier: undici's instrumentation sent the traceparent of its own span.
    const sent = server.requests[0];
    expect(sent?.status).toBe(200);
  });

  it('a retried success: two POST spans under the call, an attempt event for each and a retry event between', async () => {
    server.inject({ kind: 'status', status: 503, stored: false });
    const { runId } = await inRequestSpan(() => client.invoke('order-shipped', { user_id: 'user-1' }));
    const spans = sdk.spans.getFinishedSpans();
    expect(renderTree(spans)).toBe(['GET /orders/:id', '  journey.invoke order-shipped', '    POST', '    POST'].join('\n'));

    const call = findSpan(spans, 'journey.invoke order-shipped');
    expect(call.attributes).toEqual({
      ...callAttributes(),
      'journeykit.outcome': 'success',
      'journeykit.attempts': 2,
      'http.request.resend_count': 1,
      'http.response.status_code': 200,
      'journeykit.run.id': runId,
    });
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    expect(eventsOf(call)).toEqual([
      {
        name: 'journeykit.attempt',
        attributes: {
          'journeykit.attempt': 1,
          'http.response.status_code': 503,
          'error.type': 'ERR_JOURNEYS_API',
          'journeykit.attempt.duration_ms': expect.any(Number),
        },
      },
      {
        name: 'journeykit.retry',
        attributes: {
          'journeykit.attempt': 1,
          'journeykit.retry.reason': 'status',
          'journeykit.retry.delay_ms': 1,
          'http.response.status_code': 503,
          'error.type': 'ERR_JOURNEYS_API',
        },
      },
      {
        name: 'journeykit.attempt',
        attributes: {
          'journeykit.attempt': 2,
          'http.request.resend_count': 1,
          'http.response.status_code': 200,
          'journeykit.attempt.duration_ms': expect.any(Number),
        },
      },
    ]);
    // The first attempt's event, written when the retry made it one of several, keeps the time it ended.
    const [first, retry, second] = call.events.map((e) => e.time[0] * 1e9 + e.time[1]);
    expect(first).toBeLessThanOrEqual(retry as number);
    expect(retry).toBeLessThan(second as number);
    const posts = spans.filter((s) => s.name === 'POST');
    expect(posts.map((s) => s.attributes['http.response.status_code'])).toEqual([503, 200]);
    for (const post of posts) expect(parentOf(post)).toBe(call.spanContext().spanId);
  });

  it('a validation error: the call span alone, failed, with no HTTP span and nothing sent', async () => {
    await expect(
      inRequestSpan(() => client.invoke('order-shipped', { user_id: 42 as unknown as string, data: { secret_field: 'do-not-record' } })),
    ).rejects.toMatchObject({ code: 'ERR_JOURNEYS_VALIDATION' });
    const spans = sdk.spans.getFinishedSpans();
    expect(renderTree(spans)).toBe(['GET /orders/:id', '  journey.invoke order-shipped'].join('\n'));
    const call = findSpan(spans, 'journey.invoke order-shipped');
    expect(call.attributes).toEqual({
      ...callAttributes(),
      'journeykit.outcome': 'failure',
      'journeykit.attempts': 0,
      'error.type': 'ERR_JOURNEYS_VALIDATION',
    });
    expect(call.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'Invalid journey invocation (1 problem); nothing was sent: user_id',
    });
    expect(call.events).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('an exhausted retry: three POST spans, two retry events, failed with the journeykit code and the last status', async () => {
    server.inject({ kind: 'status', status: 503, stored: false }, { times: Infinity });
    await expect(inRequestSpan(() => client.invoke('order-shipped', { user_id: 'user-1' }))).rejects.toMatchObject({
      code: 'ERR_JOURNEYS_API',
      status: 503,
    });
    const spans = sdk.spans.getFinishedSpans();
    expect(renderTree(spans)).toBe(['GET /orders/:id', '  journey.invoke order-shipped', '    POST', '    POST', '    POST'].join('\n'));
    const call = findSpan(spans, 'journey.invoke order-shipped');
    expect(call.attributes).toEqual({
      ...callAttributes(),
      'journeykit.outcome': 'failure',
      'journeykit.attempts': 3,
      'http.request.resend_count': 2,
      'http.response.status_code': 503,
      'error.type': 'ERR_JOURNEYS_API',
    });
    expect(call.status.code).toBe(SpanStatusCode.ERROR);
    expect(call.status.message).toMatch(/^Courier answered 503 \(api_error\), request id fake-\d+$/);
    expect(eventsOf(call).map((e) => `${e.name} ${String(e.attributes['journeykit.attempt'])}`)).toEqual([
      'journeykit.attempt 1',
      'journeykit.retry 1',
      'journeykit.attempt 2',
      'journeykit.retry 2',
      'journeykit.attempt 3',
    ]);
    expect(spans.filter((s) => s.name === 'POST').every((s) => parentOf(s) === call.spanContext().spanId)).toBe(true);
  });

  it('a connection drop: the retry event says why, and the dropped attempt has no status', async () => {
    server.inject({ kind: 'drop' });
    await inRequestSpan(() => client.invoke('order-shipped', { user_id: 'user-1' }));
    const call = findSpan(sdk.spans.getFinishedSpans(), 'journey.invoke order-shipped');
    expect(eventsOf(call).slice(0, 2)).toEqual([
      {
        name: 'journeykit.attempt',
        attributes: { 'journeykit.attempt': 1, 'error.type': 'ERR_JOURNEYS_CONNECTION', 'journeykit.attempt.duration_ms': expect.any(Number) },
      },
      {
        name: 'journeykit.retry',
        attributes: {
          'journeykit.attempt': 1,
          'journeykit.retry.reason': 'connection',
          'journeykit.retry.delay_ms': 1,
          'error.type': 'ERR_JOURNEYS_CONNECTION',
        },
      },
    ]);
  });

  it('with no active span, the call span is a root', async () => {
    await client.invoke('order-shipped', { user_id: 'user-1' });
    const spans = sdk.spans.getFinishedSpans();
    expect(renderTree(spans)).toBe(['journey.invoke order-shipped', '  POST'].join('\n'));
    expect(parentOf(findSpan(spans, 'journey.invoke order-shipped'))).toBeUndefined();
  });
});

describe('other calls and options', () => {
  it.each([
    ['cancel', { kind: 'cancel', method: 'POST', runId: 'run-9' }, 'journey.cancel'],
    ['runs.get', { kind: 'runs.get', method: 'GET', runId: 'run-9' }, 'journey.runs.get'],
    ['runs.steps', { kind: 'runs.steps', method: 'GET', runId: 'run-9' }, 'journey.runs.steps'],
    ['runs.list', { kind: 'runs.list', method: 'GET', templateId: 'order-shipped' }, 'journey.runs.list'],
  ] as const)('a %s call is a span named %s with the run it is about', async (_kind, call, name) => {
    const telemetry = journeysTelemetry({ spanKind: 'client' });
    await telemetry.traceCall({ serverAddress: 'api.courier.com', serverPort: 443, ...call }, async (observer) => {
      observer?.attemptEnd?.({ attempt: 1, status: 200, durationMs: 3 });
      observer?.end({ ok: true, attempts: 1 });
    });
    const span = findSpan(sdk.spans.getFinishedSpans(), name);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'journeykit.call.kind': call.kind,
      'http.request.method': call.method,
      'server.address': 'api.courier.com',
      'server.port': 443,
      'journeykit.outcome': 'success',
    });
    if ('runId' in call) expect(span.attributes['journeykit.run.id']).toBe('run-9');
  });

  it('a run that throws instead of rejecting still ends its span, failed', async () => {
    const telemetry = journeysTelemetry();
    expect(() =>
      telemetry.traceCall({ kind: 'invoke', method: 'POST', serverAddress: 'h', serverPort: 1, templateId: 't' }, () => {
        throw Object.assign(new Error('boom'), { code: 'ERR_JOURNEYS_CONNECTION' });
      }),
    ).toThrow('boom');
    const span = findSpan(sdk.spans.getFinishedSpans(), 'journey.invoke t');
    expect(span.attributes['error.type']).toBe('ERR_JOURNEYS_CONNECTION');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('undici instrumentation and concurrency', () => {
  it('every attempt nests under its own call when 40 calls run at once', async () => {
    const narrow = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, retryDelayMs: 1, maxRetries: 10, telemetry: journeysTelemetry() });
    server.inject({ kind: 'status', status: 503, stored: false }, { times: 10 });
    try {
      await invokeUnderRequestSpans(narrow, 40);
    } finally {
      await narrow.close();
    }
    const spans = sdk.spans.getFinishedSpans();
    const calls = spans.filter((s) => s.name === 'journey.invoke order-shipped');
    const posts = spans.filter((s) => s.name === 'POST');
    expect(calls).toHaveLength(40);
    expect(posts).toHaveLength(50);
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    for (const call of calls) {
      const mine = posts.filter((p) => parentOf(p) === call.spanContext().spanId);
      // Each call's HTTP spans are exactly its attempts, and its parent is its own request span.
      expect(mine).toHaveLength(call.attributes['journeykit.attempts'] as number);
      expect(byId.get(parentOf(call) ?? '')?.name).toMatch(/^request \d+$/);
    }
  });

  it('without the undici instrumentation the call span still shows every attempt, as events', async () => {
    await sdk.shutdown();
    sdk = startTestSdk({ undici: false });
    const plain = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, retryDelayMs: 1, telemetry: journeysTelemetry() });
    server.inject({ kind: 'status', status: 429, stored: false }, { times: 2 });
    try {
      await inRequestSpan(() => plain.invoke('order-shipped', { user_id: 'user-1' }));
    } finally {
      await plain.close();
    }
    const spans = sdk.spans.getFinishedSpans();
    expect(renderTree(spans)).toBe(['GET /orders/:id', '  journey.invoke order-shipped'].join('\n'));
    const call = findSpan(spans, 'journey.invoke order-shipped');
    expect(eventsOf(call).map((e) => [e.name, e.attributes['journeykit.attempt'], e.attributes['http.response.status_code']])).toEqual([
      ['journeykit.attempt', 1, 429],
      ['journeykit.retry', 1, 429],
      ['journeykit.attempt', 2, 429],
      ['journeykit.retry', 2, 429],
      ['journeykit.attempt', 3, 200],
    ]);
  });
});
