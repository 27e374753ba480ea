import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCourier, type FakeCourierServer } from '../src/index.js';
import { call, invoke, sleep } from './support/undici.js';

let server: FakeCourierServer;
beforeAll(async () => {
  server = await startFakeCourier();
});
afterEach(() => server.reset());
afterAll(() => server.close());

describe('faults on the lifecycle endpoints', () => {
  it('an unlimited fault hits the next request, whatever its endpoint', async () => {
    const runId = await invoke(server.url, 'welcome');
    server.inject({ kind: 'status', status: 503, stored: false });
    const hit = await call(server.url, `/journeys/runs/${runId}`);
    expect(hit).toMatchObject({ status: 503, body: { type: 'api_error' } });
    expect((await call(server.url, `/journeys/runs/${runId}`)).status).toBe(200);
    expect(server.requests.slice(1).map((r) => [r.endpoint, r.status, r.outcome, r.fault])).toEqual([
      ['runs.get', 503, 'injected', 'status'],
      ['runs.get', 200, 'answered', undefined],
    ]);
  });

  it('a fault limited to an endpoint spares the others', async () => {
    server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '2' }, stored: false }, { endpoint: 'runs.list', times: 2 });
    const runId = await invoke(server.url, 'welcome');
    expect((await call(server.url, `/journeys/runs/${runId}/steps`)).status).toBe(200);
    const limited = await call(server.url, '/journeys/runs');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('2');
    expect((await call(server.url, '/journeys/runs')).status).toBe(429);
    expect((await call(server.url, '/journeys/runs')).status).toBe(200);
  });

  it('a fault limited to a template hits the reads and cancels of its runs only', async () => {
    const mine = await invoke(server.url, 'order-reminder');
    const other = await invoke(server.url, 'welcome');
    server.inject({ kind: 'status', status: 500, stored: false }, { templateId: 'order-reminder', times: Infinity });
    expect((await call(server.url, `/journeys/runs/${other}`)).status).toBe(200);
    expect((await call(server.url, '/journeys/cancel', { body: { run_id: other } })).status).toBe(202);
    expect((await call(server.url, '/journeys/cancel', { body: { cancelation_token: 'x' } })).status).toBe(202);
    expect((await call(server.url, `/journeys/runs/${mine}`)).status).toBe(500);
    expect((await call(server.url, `/journeys/runs/${mine}/steps`)).status).toBe(500);
    expect((await call(server.url, '/journeys/cancel', { body: { run_id: mine } })).status).toBe(500);
    expect(server.run(mine)?.status).toBe('PROCESSING');
  });

  it('refuses an endpoint it does not serve', () => {
    expect(() => server.inject({ kind: 'drop' }, { endpoint: 'runs.delete' as never })).toThrow(
      /endpoint must be one of invoke, cancel, runs\.list, runs\.get, runs\.steps/,
    );
  });

  it('a dropped cancel did nothing; its retry with the key cancels', async () => {
    const runId = await invoke(server.url, 'welcome');
    server.inject({ kind: 'drop' }, { endpoint: 'cancel' });
    const headers = { 'idempotency-key': 'c-drop' };
    await expect(call(server.url, '/journeys/cancel', { body: { run_id: runId }, headers })).rejects.toThrow();
    expect(server.run(runId)?.status).toBe('PROCESSING');
    const retry = await call(server.url, '/journeys/cancel', { body: { run_id: runId }, headers });
    expect(retry.body).toEqual({ run_id: runId, status: 'CANCELED' });
  });

  it('a cancel that took effect before the connection dropped is replayed to the retry with its key', async () => {
    const runId = await invoke(server.url, 'welcome');
    server.inject({ kind: 'create-then-drop' }, { endpoint: 'cancel' });
    const headers = { 'idempotency-key': 'c-ctd' };
    await expect(call(server.url, '/journeys/cancel', { body: { run_id: runId }, headers })).rejects.toThrow();
    expect(server.run(runId)?.status).toBe('CANCELED');
    const retry = await call(server.url, '/journeys/cancel', { body: { run_id: runId }, headers });
    expect(retry.body).toEqual({ run_id: runId, status: 'CANCELED' });
    expect(server.requests.slice(1).map((r) => [r.status, r.outcome])).toEqual([
      ['dropped', 'answered'],
      [202, 'replayed'],
    ]);
    expect(server.cancellations).toHaveLength(1);
  });

  it('a stored 500 on a cancel is replayed to the same key, as Courier does', async () => {
    server.inject({ kind: 'status', status: 500 }, { endpoint: 'cancel' });
    const headers = { 'idempotency-key': 'c-500' };
    const first = await call(server.url, '/journeys/cancel', { body: { cancelation_token: 't' }, headers });
    const second = await call(server.url, '/journeys/cancel', { body: { cancelation_token: 't' }, headers });
    expect([first.status, second.status]).toEqual([500, 500]);
    expect(server.cancellations).toEqual([]);
    const fresh = await call(server.url, '/journeys/cancel', { body: { cancelation_token: 't' }, headers: { 'idempotency-key': 'c-500b' } });
    expect(fresh.status).toBe(202);
  });

  it('a stalled read never answers; close() ends it', async () => {
    // Its own server: the stalled connection lasts until close().
    const other = await startFakeCourier();
    const runId = await invoke(other.url, 'welcome');
    other.inject({ kind: 'stall' }, { endpoint: 'runs.get' });
    const stalled = call(other.url, `/journeys/runs/${runId}`).catch((err: unknown) => err);
    // A real sleep on purpose: it shows an answer does NOT come within 300 ms (no condition marks "never").
    expect(await Promise.race([stalled, sleep(300).then(() => 'still waiting')])).toBe('still waiting');
    expect(other.requests.at(-1)).toMatchObject({ endpoint: 'runs.get', status: 'stalled', outcome: 'injected' });
    await other.close();
    expect(await stalled).toBeInstanceOf(Error);
  });

  it('a slow body and a delay still deliver the read', async () => {
    const runId = await invoke(server.url, 'welcome');
    server.inject({ kind: 'slow-body', durationMs: 100 }, { endpoint: 'runs.get' });
    server.inject({ kind: 'delay', durationMs: 100 }, { endpoint: 'runs.steps' });
    const started = Date.now();
    const [run, steps] = await Promise.all([call(server.url, `/journeys/runs/${runId}`), call(server.url, `/journeys/runs/${runId}/steps`)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(run.body.run.run_id).toBe(runId);
    expect(steps.body.steps).toHaveLength(1);
  });

  it('chaos reaches the lifecycle endpoints too', async () => {
    server.chaos({ rate: 1, seed: 3, faults: [{ kind: 'status', status: 503, stored: false }] });
    expect((await call(server.url, '/journeys/runs')).status).toBe(503);
    expect((await call(server.url, '/journeys/cancel', { body: { cancelation_token: 't' } })).status).toBe(503);
    server.chaos(undefined);
    expect((await call(server.url, '/journeys/runs')).status).toBe(200);
  });
});
