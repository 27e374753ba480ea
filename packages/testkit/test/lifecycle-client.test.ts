import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  JourneysAbortError,
  JourneysApiError,
  JourneysClient,
  JourneysConnectionError,
  JourneysRunNotFoundError,
  JourneysRunWaitTimeoutError,
  JourneysTimeoutError,
  JourneysValidationError,
  type JourneyRun,
  type JourneysClientOptions,
} from '@journeykit/core';
import { startFakeCourier, type FakeCourierServer } from '../src/index.js';
import '../src/vitest.js';
import { startWireTap, type WireTap } from './support/wire-tap.js';
import { eventually } from '@journeykit/test-support/http';

// Every lifecycle method of the real JourneysClient over real HTTP against the fake Courier
// server: the happy path, each error, retries through the fake's faults, paging, waitFor running
// out of time or being aborted, and a cancel racing a run that finishes. The wire suite records
// what the client puts on the socket, through a recording hop in front of the fake.
const KEY = 'sk_test_lifecycle_client_0123';
let server: FakeCourierServer;
const clients: JourneysClient[] = [];
// The server's clock: scripted statuses and races move it instead of waiting (the client's own timers stay real).
let now = Date.now();

function client(options: JourneysClientOptions = {}): JourneysClient {
  const made = new JourneysClient({ apiKey: KEY, baseUrl: server.url, retryDelayMs: 5, ...options });
  clients.push(made);
  return made;
}
async function start(templateId = 'order-reminder', orderId = 'o1'): Promise<string> {
  const { runId } = await client().invoke(templateId, { user_id: 'u1', data: { order_id: orderId } });
  return runId;
}
const lifecycleRequests = () => server.requests.filter((r) => r.endpoint !== 'invoke');
async function collect(iterable: AsyncIterable<JourneyRun>): Promise<JourneyRun[]> {
  const runs: JourneyRun[] = [];
  for await (const run of iterable) runs.push(run);
  return runs;
}

beforeAll(async () => {
  server = await startFakeCourier({
    clock: { now: () => now },
    apiKey: KEY,
    journeys: { 'order-reminder': { cancelationToken: (request) => `order-${String(request.data?.order_id)}` } },
  });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  server.reset();
});
afterAll(() => server.close());

describe('cancel', () => {
  it('by token cancels every unfinished run that shares it, and only those', async () => {
    const a = await start('order-reminder', 'o1');
    const b = await start('order-reminder', 'o1');
    const other = await start('order-reminder', 'o2');
    await expect(client().cancel({ cancelation_token: 'order-o1' })).resolves.toEqual({ cancelation_token: 'order-o1' });
    expect([a, b, other].map((id) => server.run(id)?.status)).toEqual(['CANCELED', 'CANCELED', 'PROCESSING']);
    expect(server).toHaveCanceledRun({ cancelation_token: 'order-o1' });
    expect(server).toHaveCanceledJourney('order-reminder', { data: { order_id: 'o1' } });
  });

  it('by run id answers CANCELED, or the finished status the run kept', async () => {
    const running = await start();
    const finished = await start();
    server.setRunStatus(finished, 'ERROR');
    await expect(client().cancel({ run_id: running })).resolves.toEqual({ run_id: running, status: 'CANCELED' });
    await expect(client().cancel({ run_id: finished })).resolves.toEqual({ run_id: finished, status: 'ERROR' });
    expect(server.run(finished)?.status).toBe('ERROR');
  });

  it('400: bad input is a JourneysValidationError and nothing is sent', async () => {
    const c = client();
    for (const bad of [{}, { run_id: 'r', cancelation_token: 't' }, { run_id: '' }, { cancelation_token: 42 }]) {
      await expect(c.cancel(bad as never)).rejects.toBeInstanceOf(JourneysValidationError);
    }
    expect(server.requests).toEqual([]);
  });

  it('400 from Courier is a JourneysApiError and is not retried', async () => {
    server.inject(
      { kind: 'status', status: 400, body: { message: 'Invalid request', type: 'invalid_request_error' } },
      { endpoint: 'cancel', times: Infinity },
    );
    const error = await client()
      .cancel({ cancelation_token: 't' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysApiError);
    expect(error).toMatchObject({ status: 400, attempts: 1 });
    expect(lifecycleRequests()).toHaveLength(1);
  });

  it('401 for a wrong key, not retried, and the key is not in the error', async () => {
    const error = await client({ apiKey: 'sk_wrong_key_123456' })
      .cancel({ cancelation_token: 't' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysApiError);
    expect(error).toMatchObject({ status: 401, attempts: 1 });
    expect(JSON.stringify(error) + String(error)).not.toContain('sk_wrong_key_123456');
  });

  it('404 for an unknown run id is JourneysRunNotFoundError', async () => {
    const error = await client()
      .cancel({ run_id: '1-00000000-unknown' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysRunNotFoundError);
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_RUN_NOT_FOUND', status: 404, runId: '1-00000000-unknown', attempts: 1 });
  });

  it('409: a second cancel with a key still executing is retried until the first answer is replayed', async () => {
    const runId = await start();
    const delay = server.inject({ kind: 'delay', durationMs: 1_000 }, { endpoint: 'cancel' });
    const c = client({ retryDelayMs: 50, maxRetries: 40 });
    const first = c.cancel({ run_id: runId }, { idempotencyKey: 'cancel-409' });
    // The first cancel has taken the delay, so its key is executing.
    await eventually(() => expect(delay.remaining).toBe(0));
    const second = c.cancel({ run_id: runId }, { idempotencyKey: 'cancel-409' });
    const answers = await Promise.all([first, second]);
    expect(answers).toEqual([
      { run_id: runId, status: 'CANCELED' },
      { run_id: runId, status: 'CANCELED' },
    ]);
    const statuses = lifecycleRequests().map((r) => r.status);
    expect(statuses).toContain(409);
    expect(server.cancellations).toHaveLength(1);
    expect(new Set(lifecycleRequests().map((r) => r.idempotencyKey))).toEqual(new Set(['cancel-409']));
  });

  it('retries a 503 and a dropped connection under one key; a cancel the server did before dropping is not repeated', async () => {
    const runId = await start();
    server.inject({ kind: 'status', status: 503, stored: false }, { endpoint: 'cancel' });
    server.inject({ kind: 'create-then-drop' }, { endpoint: 'cancel' });
    await expect(client().cancel({ run_id: runId })).resolves.toEqual({ run_id: runId, status: 'CANCELED' });
    const sent = lifecycleRequests();
    expect(sent.map((r) => r.status)).toEqual([503, 'dropped', 202]);
    expect(new Set(sent.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(server.cancellations).toHaveLength(1);
  });

  it('connection faults that outlast the retries end in JourneysConnectionError', async () => {
    server.inject({ kind: 'drop' }, { endpoint: 'cancel', times: Infinity });
    const error = await client({ maxRetries: 2 })
      .cancel({ cancelation_token: 't' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysConnectionError);
    expect(error).toMatchObject({ attempts: 3 });
  });
});

describe('cancel racing a run that finishes', () => {
  it('each run ends either CANCELED or finished, and the cancel answer says which', async () => {
    server.setJourney('race', { statuses: [{ status: 'PROCESSING' }, { status: 'PROCESSED', afterMs: 150 }] });
    const c = client();
    const runIds: string[] = [];
    const t0 = now;
    for (let i = 0; i < 12; i += 1) runIds.push((await c.invoke('race', { user_id: `u${i}` })).runId);
    // Spread the cancels across the moment the runs finish (150 ms after they start), on the server's clock.
    const answers = [];
    for (const runId of runIds) {
      now = t0 + 60 + answers.length * 15;
      answers.push(await c.cancel({ run_id: runId }));
    }
    expect(answers.map((a) => a.status)).toEqual([...Array(6).fill('CANCELED'), ...Array(6).fill('PROCESSED')]);
    for (const [i, answer] of answers.entries()) {
      expect(['CANCELED', 'PROCESSED']).toContain(answer.status);
      // The run stays as the cancel left it: a canceled run never finishes later, a finished one is not canceled.
      expect((await c.runs.get(runIds[i]!)).status).toBe(answer.status);
    }
    now += 200;
    for (const [i, answer] of answers.entries()) expect(server.run(runIds[i]!)?.status).toBe(answer.status);
  });

  it('by token: runs that already finished keep their status', async () => {
    server.setJourney('race', {
      cancelationToken: () => 'race-token',
      statuses: [{ status: 'PROCESSING' }, { status: 'PROCESSED', afterMs: 100 }],
    });
    const c = client();
    const early = (await c.invoke('race', { user_id: 'u1' })).runId;
    now += 100; // the early run finishes, on the server's clock
    await expect(c.runs.waitFor(early, { pollIntervalMs: 20, timeoutMs: 5_000 })).resolves.toMatchObject({ status: 'PROCESSED' });
    // From now on the journey's runs stay PROCESSING.
    server.setJourney('race', { cancelationToken: () => 'race-token', statuses: [{ status: 'PROCESSING' }] });
    const late = (await c.invoke('race', { user_id: 'u2' })).runId;
    await c.cancel({ cancelation_token: 'race-token' });
    expect((await c.runs.get(early)).status).toBe('PROCESSED');
    expect((await c.runs.get(late)).status).toBe('CANCELED');
  });
});

describe('runs.get and runs.steps', () => {
  it('return the run and its steps, shaped like Courier', async () => {
    const runId = await start();
    const run = await client().runs.get(runId);
    expect(run).toEqual(server.run(runId));
    expect(run).toMatchObject({ run_id: runId, source: expect.any(Array), status: 'PROCESSING', template_id: 'order-reminder' });
    expect(Date.parse(run.created_at ?? '')).not.toBeNaN();
    const steps = await client().runs.steps(runId);
    expect(steps).toEqual(server.runSteps(runId));
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) expect(step).toMatchObject({ action: expect.any(String), status: expect.any(String) });
  });

  it('400: a bad run id is a JourneysValidationError and nothing is sent', async () => {
    const c = client();
    for (const bad of ['', 'a\nb', 42, undefined]) {
      await expect(c.runs.get(bad as never)).rejects.toBeInstanceOf(JourneysValidationError);
      await expect(c.runs.steps(bad as never)).rejects.toBeInstanceOf(JourneysValidationError);
    }
    expect(server.requests).toEqual([]);
  });

  it('401 and 404 are told apart', async () => {
    await expect(client({ apiKey: 'sk_other_key_0000' }).runs.get('1-x')).rejects.toMatchObject({ status: 401, code: 'ERR_JOURNEYS_API' });
    const get = await client()
      .runs.get('1-00000000-none')
      .catch((e: unknown) => e);
    const steps = await client()
      .runs.steps('1-00000000-none')
      .catch((e: unknown) => e);
    for (const error of [get, steps]) {
      expect(error).toBeInstanceOf(JourneysRunNotFoundError);
      expect(error).toMatchObject({ status: 404, runId: '1-00000000-none', attempts: 1 });
    }
  });

  it('retry 429 with Retry-After, 5xx and dropped connections', async () => {
    const runId = await start();
    server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, stored: false }, { endpoint: 'runs.get' });
    server.inject({ kind: 'drop' }, { endpoint: 'runs.steps' });
    server.inject({ kind: 'status', status: 502, stored: false }, { endpoint: 'runs.steps' });
    const started = performance.now();
    await expect(client().runs.get(runId)).resolves.toMatchObject({ run_id: runId });
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    await expect(client().runs.steps(runId)).resolves.toEqual(server.runSteps(runId));
    expect(lifecycleRequests().map((r) => [r.endpoint, r.status])).toEqual([
      ['runs.get', 429],
      ['runs.get', 200],
      ['runs.steps', 'dropped'],
      ['runs.steps', 502],
      ['runs.steps', 200],
    ]);
  });

  it('a stalled answer times out per attempt and ends in JourneysTimeoutError', async () => {
    const runId = await start();
    server.inject({ kind: 'stall' }, { endpoint: 'runs.get', times: Infinity });
    const error = await client({ timeoutMs: 100, maxRetries: 1 })
      .runs.get(runId)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysTimeoutError);
    expect(error).toMatchObject({ attempts: 2 });
  });
});

describe('runs.list', () => {
  it('follows next_cursor across several pages, newest first, each run once', async () => {
    const started: string[] = [];
    for (let i = 0; i < 7; i += 1) started.push(await start('order-reminder', `p${i}`));
    const listed = await collect(client().runs.list({ template_id: ['order-reminder'], limit: 3 }));
    expect(listed.map((r) => r.run_id)).toEqual([...started].reverse());
    expect(lifecycleRequests().map((r) => [r.endpoint, r.status])).toEqual([
      ['runs.list', 200],
      ['runs.list', 200],
      ['runs.list', 200],
    ]);
  });

  it('filters by template, status and dates', async () => {
    const kept = await start('order-reminder', 'f1');
    const errored = await start('order-reminder', 'f2');
    await start('welcome', 'f3');
    server.setRunStatus(errored, 'ERROR');
    const c = client();
    expect((await collect(c.runs.list({ template_id: ['order-reminder'] }))).map((r) => r.run_id)).toEqual([errored, kept]);
    expect((await collect(c.runs.list({ status: ['ERROR'] }))).map((r) => r.run_id)).toEqual([errored]);
    expect(await collect(c.runs.list({ start_date: new Date(Date.now() + 60_000) }))).toEqual([]);
    expect(await collect(c.runs.list({ end_date: new Date(Date.now() - 60 * 60_000).toISOString() }))).toEqual([]);
  });

  it('fetches only what the loop asks for: break stops the requests', async () => {
    for (let i = 0; i < 5; i += 1) await start('order-reminder', `b${i}`);
    let seen = 0;
    for await (const _run of client().runs.list({ limit: 2 })) if (++seen === 3) break;
    expect(lifecycleRequests()).toHaveLength(2);
  });

  it('a fault on a later page is retried, and the pages go on without a duplicate', async () => {
    for (let i = 0; i < 5; i += 1) await start('order-reminder', `r${i}`);
    const c = client();
    const iterator = c.runs.list({ limit: 2 })[Symbol.asyncIterator]();
    const first = await iterator.next();
    server.inject({ kind: 'status', status: 503, stored: false }, { endpoint: 'runs.list' });
    server.inject({ kind: 'drop' }, { endpoint: 'runs.list' });
    const rest: JourneyRun[] = [];
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) rest.push(next.value);
    const ids = [(first.value as JourneyRun).run_id, ...rest.map((r) => r.run_id)];
    expect(ids).toEqual(server.invocations.map((i) => i.runId).reverse());
    expect(lifecycleRequests().map((r) => r.status)).toEqual([200, 503, 'dropped', 200, 200]);
  });

  it('400: a bad filter is a JourneysValidationError on the first step, and nothing is sent', async () => {
    const c = client();
    for (const bad of [{ limit: 0 }, { limit: 51 }, { status: 'ERROR' }, { start_date: 'yesterday' }, { template_id: [''] }]) {
      await expect(collect(c.runs.list(bad as never))).rejects.toBeInstanceOf(JourneysValidationError);
    }
    expect(server.requests).toEqual([]);
  });

  it('401 ends the loop with a JourneysApiError', async () => {
    await expect(collect(client({ apiKey: 'sk_other_key_0000' }).runs.list())).rejects.toMatchObject({ status: 401 });
  });
});

describe('runs.waitFor', () => {
  it('resolves when the scripted clock finishes the run', async () => {
    server.setJourney('timed', { statuses: [{ status: 'PROCESSING' }, { status: 'WAITING', afterMs: 50 }, { status: 'PROCESSED', afterMs: 1_500 }] });
    const { runId } = await client().invoke('timed', { user_id: 'u1' });
    const c = client();
    const polls = () => lifecycleRequests().length;
    const waiting = c.runs.waitFor(runId, { until: ['WAITING'], pollIntervalMs: 20, timeoutMs: 10_000 });
    await eventually(() => expect(polls()).toBeGreaterThan(0)); // it has seen PROCESSING
    now += 50;
    await expect(waiting).resolves.toMatchObject({ status: 'WAITING' });
    const before = polls();
    const finishing = c.runs.waitFor(runId, { pollIntervalMs: 20, timeoutMs: 10_000 });
    await eventually(() => expect(polls()).toBeGreaterThan(before)); // it has seen WAITING
    now += 1_450;
    await expect(finishing).resolves.toMatchObject({ run_id: runId, status: 'PROCESSED' });
  });

  it('resolves when a command moves the run', async () => {
    const runId = await start();
    const waiting = client().runs.waitFor(runId, { pollIntervalMs: 20, timeoutMs: 5_000 });
    await eventually(() => expect(lifecycleRequests().length).toBeGreaterThan(0)); // it has seen PROCESSING
    server.setRunStatus(runId, 'CANCELED');
    await expect(waiting).resolves.toMatchObject({ status: 'CANCELED' });
  });

  it('times out with JourneysRunWaitTimeoutError that says where the run was', async () => {
    const runId = await start();
    const started = performance.now();
    const error = await client()
      .runs.waitFor(runId, { timeoutMs: 300, pollIntervalMs: 20 })
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(JourneysRunWaitTimeoutError);
    expect(error).toMatchObject({ runId, lastRun: { run_id: runId, status: 'PROCESSING' } });
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(3_000);
    // It polled, more than once, with growing waits, and did not hammer the server.
    const polls = lifecycleRequests().length;
    expect(polls).toBeGreaterThan(1);
    expect(polls).toBeLessThan(20);
  });

  it('is aborted by its signal with JourneysAbortError, and stops polling', async () => {
    const runId = await start();
    const controller = new AbortController();
    const started = performance.now();
    const waiting = client().runs.waitFor(runId, { signal: controller.signal, pollIntervalMs: 20, timeoutMs: 10_000 });
    await eventually(() => expect(lifecycleRequests().length).toBeGreaterThan(1)); // mid-wait, between polls
    controller.abort(new Error('user left'));
    await expect(waiting).rejects.toBeInstanceOf(JourneysAbortError);
    expect(performance.now() - started).toBeLessThan(2_000);
    const polls = lifecycleRequests().length;
    // A real sleep on purpose: it shows NO poll follows the abort within 200 ms (ten poll intervals).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lifecycleRequests()).toHaveLength(polls);
  });

  it('404 ends the wait with JourneysRunNotFoundError', async () => {
    await expect(client().runs.waitFor('1-00000000-none', { timeoutMs: 5_000 })).rejects.toBeInstanceOf(JourneysRunNotFoundError);
    expect(lifecycleRequests()).toHaveLength(1);
  });

  it('a 429 that outlasts the retries waits what Retry-After asks, then polls again', async () => {
    const runId = await start();
    server.setRunStatus(runId, 'PROCESSED');
    server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, stored: false }, { endpoint: 'runs.get' });
    const started = performance.now();
    await expect(client({ maxRetries: 0 }).runs.waitFor(runId, { pollIntervalMs: 10, timeoutMs: 10_000 })).resolves.toMatchObject({
      status: 'PROCESSED',
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    const [limited, answered] = lifecycleRequests();
    // The wait itself is the client's, in real time (measured above); the server's clock stands still here.
    expect([limited?.status, answered?.status]).toEqual([429, 200]);
  });
});

describe('the wire: what each method sends', () => {
  let tap: WireTap;
  beforeAll(async () => {
    tap = await startWireTap(server.url, KEY);
  });
  afterAll(() => tap.close());
  afterEach(() => {
    tap.requests.length = 0;
  });

  const sent = () => tap.requests.filter((r) => !r.path.endsWith('/invoke'));
  const common = { authorization: 'Bearer <key>' };

  it('cancel: POST /journeys/cancel, the JSON body as given, an Idempotency-Key', async () => {
    const c = client({ baseUrl: tap.url });
    const runId = await start();
    await c.cancel({ cancelation_token: 'order-o1' }, { idempotencyKey: 'cancel-o1' });
    await c.cancel({ run_id: runId });
    const [byToken, byId] = sent();
    expect(byToken).toMatchObject({ method: 'POST', path: '/journeys/cancel', query: [], body: '{"cancelation_token":"order-o1"}' });
    expect(byToken?.headers).toMatchObject({ ...common, 'content-type': 'application/json', 'idempotency-key': 'cancel-o1' });
    expect(byId).toMatchObject({ method: 'POST', path: '/journeys/cancel', query: [], body: JSON.stringify({ run_id: runId }) });
    expect(byId?.headers['idempotency-key']).toMatch(/^journeykit-[0-9a-f-]{36}$/);
  });

  it('runs.get and runs.steps: GET with the run id as one path segment, no body, no Idempotency-Key', async () => {
    const c = client({ baseUrl: tap.url });
    const runId = await start();
    await c.runs.get(runId);
    await c.runs.steps(runId);
    await c.runs.get('a/b?c').catch(() => undefined);
    const [get, steps, encoded] = sent();
    expect(get).toMatchObject({ method: 'GET', path: `/journeys/runs/${runId}`, query: [], body: '' });
    expect(steps).toMatchObject({ method: 'GET', path: `/journeys/runs/${runId}/steps`, query: [], body: '' });
    expect(encoded?.path).toBe('/journeys/runs/a%2Fb%3Fc');
    for (const read of [get, steps]) {
      expect(read?.headers).toMatchObject(common);
      expect(read?.headers).not.toHaveProperty('idempotency-key');
    }
  });

  it('runs.list: GET /journeys/runs with comma-joined filters, ISO dates, limit, then the cursor', async () => {
    const c = client({ baseUrl: tap.url });
    for (let i = 0; i < 3; i += 1) await start('order-reminder', `w${i}`);
    await collect(
      c.runs.list({
        template_id: ['order-reminder', 'welcome'],
        status: ['PROCESSING', 'ERROR'],
        start_date: new Date('2026-01-01T00:00:00Z'),
        end_date: '2099-01-01T00:00:00.000Z',
        limit: 2,
      }),
    );
    const [first, second] = sent();
    expect(first).toMatchObject({ method: 'GET', path: '/journeys/runs', body: '' });
    expect(first?.query).toEqual([
      ['template_id', 'order-reminder,welcome'],
      ['status', 'PROCESSING,ERROR'],
      ['start_date', '2026-01-01T00:00:00.000Z'],
      ['end_date', '2099-01-01T00:00:00.000Z'],
      ['limit', '2'],
    ]);
    expect(second?.query.slice(0, -1)).toEqual(first?.query);
    expect(second?.query.at(-1)?.[0]).toBe('cursor');
    expect(sent()).toHaveLength(2);
    expect(first?.headers).toMatchObject(common);
  });

  it('runs.waitFor: the same GET /journeys/runs/{runId}, once per poll', async () => {
    const c = client({ baseUrl: tap.url });
    const runId = await start();
    const waiting = c.runs.waitFor(runId, { pollIntervalMs: 20 });
    await eventually(() => expect(sent().length).toBeGreaterThan(1));
    server.setRunStatus(runId, 'PROCESSED');
    await waiting;
    expect(sent().length).toBeGreaterThan(1);
    for (const poll of sent()) expect(poll).toMatchObject({ method: 'GET', path: `/journeys/runs/${runId}`, query: [], body: '' });
  });
});
