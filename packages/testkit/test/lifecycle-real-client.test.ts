/**
 * The real JourneysClient's lifecycle calls against the fake Courier server over real HTTP, unchanged:
 * what the fakes were built for. And the same scenario on FakeJourneysClient, which must answer alike.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  JourneysClient,
  JourneysRunNotFoundError,
  JourneysRunWaitTimeoutError,
  JourneysValidationError,
  defineJourney,
  defineJourneys,
  type JourneyRun,
  type JourneysInvoker,
  type JourneysLifecycle,
} from '@journeykit/core';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '../src/index.js';
import '../src/vitest.js';

const catalog = defineJourneys({
  'order-reminder': defineJourney({ data: z.object({ order_id: z.string() }), cancelationToken: (r) => `order-${r.data.order_id}` }),
});
const statuses = [{ status: 'PROCESSING' }, { status: 'WAITING', afterMs: 100 }, { status: 'PROCESSED', afterMs: 400, action: 'send' }];

let server: FakeCourierServer;
let client: JourneysClient;
beforeAll(async () => {
  server = await startFakeCourier({ catalog, journeys: { scripted: { statuses } } });
  client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, retryDelayMs: 1 });
});
afterEach(() => server.reset());
afterAll(async () => {
  await client.close();
  await server.close();
});

async function ids(iterable: AsyncIterable<JourneyRun>): Promise<string[]> {
  const out: string[] = [];
  for await (const run of iterable) out.push(run.run_id);
  return out;
}

describe('JourneysClient against the fake Courier server', () => {
  it('cancels by the catalog token and by id, with an Idempotency-Key on each cancel', async () => {
    const { runId: a } = await client.invoke('order-reminder', { user_id: 'u1', data: { order_id: 'o1' } });
    const { runId: b } = await client.untyped.invoke('scripted', { user_id: 'u1' });
    const token = catalog.cancelationToken('order-reminder', { data: { order_id: 'o1' } });
    await expect(client.cancel({ cancelation_token: token })).resolves.toEqual({ cancelation_token: 'order-o1' });
    await expect(client.cancel({ run_id: b })).resolves.toEqual({ run_id: b, status: 'CANCELED' });
    expect(server).toHaveCanceledJourney('order-reminder', { data: { order_id: 'o1' } });
    expect(server).toHaveCanceledRun({ run_id: b });
    expect(server.run(a)?.status).toBe('CANCELED');
    const cancels = server.requests.filter((r) => r.endpoint === 'cancel');
    expect(cancels.map((r) => r.idempotencyKey)).toEqual([expect.any(String), expect.any(String)]);
  });

  it('reads a run and its steps as the scripted clock moves it, and waits for the finish', async () => {
    const { runId } = await client.untyped.invoke('scripted', { user_id: 'u1' });
    await expect(client.runs.get(runId)).resolves.toMatchObject({
      run_id: runId,
      source: ['invoke/scripted'],
      status: 'PROCESSING',
      template_id: 'scripted',
    });
    const run = await client.runs.waitFor(runId, { pollIntervalMs: 50, timeoutMs: 10_000 });
    expect(run.status).toBe('PROCESSED');
    const steps = await client.runs.steps(runId);
    expect(steps.map((s) => s.action)).toEqual(['trigger', 'delay', 'send']);
    expect(steps[2]?.message_id).toEqual(expect.any(String));
  });

  it('lists across several pages, newest first, with its filters on every page', async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await client.untyped.invoke(i % 2 === 0 ? 'a' : 'b', { user_id: 'u1' })).runId);
    expect(await ids(client.runs.list({ limit: 3 }))).toEqual([...created].reverse());
    expect(await ids(client.runs.list({ template_id: ['a'], limit: 2, start_date: new Date(0) }))).toEqual([
      created[6],
      created[4],
      created[2],
      created[0],
    ]);
    const pages = server.requests.filter((r) => r.endpoint === 'runs.list');
    expect(pages.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('gets JourneysRunNotFoundError for an unknown run, from every read and the cancel', async () => {
    await expect(client.runs.get('1-65f240a0-000000000000000000000000')).rejects.toBeInstanceOf(JourneysRunNotFoundError);
    await expect(client.runs.steps('nope')).rejects.toBeInstanceOf(JourneysRunNotFoundError);
    await expect(client.cancel({ run_id: 'nope' })).rejects.toMatchObject({ status: 404 });
    await expect(client.runs.waitFor('nope', { timeoutMs: 1_000 })).rejects.toBeInstanceOf(JourneysRunNotFoundError);
  });

  it('retries the fake server faults on the lifecycle endpoints, and a retried cancel cancels once', async () => {
    const { runId } = await client.untyped.invoke('welcome', { user_id: 'u1' });
    server.inject({ kind: 'status', status: 503, stored: false }, { endpoint: 'runs.get' });
    server.inject({ kind: 'drop' }, { endpoint: 'runs.list' });
    server.inject({ kind: 'create-then-drop' }, { endpoint: 'cancel' });
    await expect(client.runs.get(runId)).resolves.toMatchObject({ run_id: runId });
    expect(await ids(client.runs.list())).toEqual([runId]);
    await expect(client.cancel({ run_id: runId })).resolves.toEqual({ run_id: runId, status: 'CANCELED' });
    expect(server.cancellations).toHaveLength(1);
    const cancels = server.requests.filter((r) => r.endpoint === 'cancel');
    expect(cancels.map((r) => [r.status, r.outcome])).toEqual([
      ['dropped', 'answered'],
      [202, 'replayed'],
    ]);
    expect(new Set(cancels.map((r) => r.idempotencyKey)).size).toBe(1);
  });

  it('waitFor honours 429 + Retry-After on a poll, and times out with JourneysRunWaitTimeoutError', async () => {
    const { runId } = await client.untyped.invoke('welcome', { user_id: 'u1' });
    server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, stored: false }, { endpoint: 'runs.get', times: 3 });
    const started = Date.now();
    const error = await client.runs.waitFor(runId, { timeoutMs: 600, pollIntervalMs: 20 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(JourneysRunWaitTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    // Told to wait a second, it did not hammer the endpoint within its 600 ms.
    expect(server.requests.filter((r) => r.endpoint === 'runs.get').length).toBeLessThanOrEqual(4);
  });
});

describe('FakeJourneysClient answers like JourneysClient + the fake server', () => {
  type Both = JourneysInvoker & JourneysLifecycle;
  async function scenario(journeys: Both): Promise<unknown[]> {
    const out: unknown[] = [];
    const { runId: a } = await journeys.invoke('order-reminder', { user_id: 'u1', data: { order_id: 'o1' } });
    const { runId: b } = await journeys.invoke('order-reminder', { user_id: 'u1', data: { order_id: 'o2' } });
    out.push(await journeys.cancel({ cancelation_token: 'order-o1' }));
    const byId = await journeys.cancel({ run_id: a });
    out.push({ ...byId, run_id: 'run_id' in byId && byId.run_id === a ? 'a' : byId });
    out.push((await journeys.runs.get(b)).status, (await journeys.runs.get(a)).status);
    out.push((await journeys.runs.steps(a)).map((s) => [s.action, s.status]));
    out.push((await ids(journeys.runs.list({ status: ['CANCELED'], limit: 1 }))).map((id) => (id === a ? 'a' : id === b ? 'b' : id)));
    for (const bad of [() => journeys.cancel({} as never), () => journeys.runs.get(''), async () => ids(journeys.runs.list({ limit: 0 }))]) {
      const err = await bad().catch((e: unknown) => e);
      out.push(err instanceof JourneysValidationError ? err.message : err);
    }
    const missing = await journeys.runs.get('nope').catch((e: unknown) => e);
    out.push(missing instanceof JourneysRunNotFoundError && missing.runId);
    return out;
  }

  it('for the same calls, the same answers and the same errors', async () => {
    const real = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, retryDelayMs: 1, catalog });
    const viaHttp = await scenario(real);
    await real.close();
    const inMemory = await scenario(new FakeJourneysClient({ catalog }));
    expect(inMemory).toEqual(viaHttp);
    expect(viaHttp.slice(0, 6)).toEqual([
      { cancelation_token: 'order-o1' },
      { run_id: 'a', status: 'CANCELED' },
      'PROCESSING',
      'CANCELED',
      [['trigger', 'CANCELED']],
      ['a'],
    ]);
  });
});
