import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineJourney, defineJourneys } from '@journeykit/core';
import { z } from 'zod';
import { startFakeCourier, type FakeCourierServer } from '../src/index.js';
import { eventually } from '@journeykit/test-support/http';
import { call, invoke } from './support/undici.js';

const catalog = defineJourneys({
  'order-reminder': defineJourney({
    data: z.object({ order_id: z.string() }),
    cancelationToken: (request) => `order-${request.data.order_id}`,
  }),
  'nested-token': { cancelationToken: (request: { data?: Record<string, unknown> }) => `o-${(request.data?.order as { id: string }).id}` },
  welcome: {},
});

let server: FakeCourierServer;
const lines: string[] = [];
// The server's clock: the races below move it instead of sleeping, so where each run stands is known.
let now = Date.parse('2026-04-01T09:00:00.000Z');
beforeAll(async () => {
  server = await startFakeCourier({
    clock: { now: () => now },
    catalog,
    log: (line) => lines.push(line),
    journeys: { digest: { cancelationToken: (request) => (request.user_id === undefined ? undefined : `digest-${request.user_id}`) } },
  });
});
afterEach(() => {
  server.reset();
  lines.length = 0;
});
afterAll(() => server.close());

const order = (orderId: string) => ({ user_id: 'u1', data: { order_id: orderId } });

describe('POST /journeys/cancel by cancelation token', () => {
  it('cancels every unfinished run that shares the token, leaves finished runs and other tokens alone', async () => {
    const a = await invoke(server.url, 'order-reminder', order('o-1'));
    const b = await invoke(server.url, 'order-reminder', order('o-1'));
    const done = await invoke(server.url, 'order-reminder', order('o-1'));
    const other = await invoke(server.url, 'order-reminder', order('o-2'));
    server.setRunStatus(done, 'PROCESSED');

    const res = await call(server.url, '/journeys/cancel', { body: { cancelation_token: 'order-o-1' }, headers: { 'idempotency-key': 'c1' } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ cancelation_token: 'order-o-1' });
    expect(server.run(a)?.status).toBe('CANCELED');
    expect(server.run(b)?.status).toBe('CANCELED');
    expect(server.run(done)?.status).toBe('PROCESSED');
    expect(server.run(other)?.status).toBe('PROCESSING');
    expect(server.cancellations).toEqual([
      {
        request: { cancelation_token: 'order-o-1' },
        result: { cancelation_token: 'order-o-1' },
        canceledRunIds: [a, b],
        idempotencyKey: 'c1',
        at: expect.any(Date),
      },
    ]);
    expect(server.invocations.map((i) => i.cancelationToken)).toEqual(['order-o-1', 'order-o-1', 'order-o-1', 'order-o-2']);
    expect(lines.at(-1)).toBe('POST /journeys/cancel -> 202 answered key=c1 token=order-o-1 canceled=2');
    const steps = await call(server.url, `/journeys/runs/${a}/steps`);
    expect(steps.body.steps.at(-1)).toMatchObject({ status: 'CANCELED' });
  });

  it('answers 202 for a token no run shares (there was nothing to stop)', async () => {
    const res = await call(server.url, '/journeys/cancel', { body: { cancelation_token: 'nobody' } });
    expect(res).toMatchObject({ status: 202, body: { cancelation_token: 'nobody' } });
    expect(server.cancellations[0]?.canceledRunIds).toEqual([]);
  });

  it('builds tokens with the rules configured per journey: options, setJourney, the catalog', async () => {
    await invoke(server.url, 'digest', { user_id: 'u7' });
    await invoke(server.url, 'digest', { profile: { email: 'a@example.com' } });
    await invoke(server.url, 'welcome', { user_id: 'u1' });
    server.setJourney('welcome', { cancelationToken: (request) => `welcome-${String(request.user_id)}` });
    await invoke(server.url, 'welcome', { user_id: 'u2' });
    expect(server.invocations.map((i) => i.cancelationToken)).toEqual(['digest-u7', undefined, undefined, 'welcome-u2']);

    server.reset();
    await invoke(server.url, 'welcome', { user_id: 'u2' });
    expect(server.invocations[0]?.cancelationToken).toBeUndefined();
  });

  it('gives a run no token when the rule cannot be evaluated, and says why in the log', async () => {
    const runId = await invoke(server.url, 'nested-token', { user_id: 'u1', data: {} });
    expect(server.invocations[0]?.cancelationToken).toBeUndefined();
    expect(lines[0]).toMatch(new RegExp(`runId=${runId} .*no token: journey "nested-token": the cancelationToken rule threw`));
  });
});

describe('POST /journeys/cancel by run id', () => {
  it('cancels an unfinished run and answers CANCELED; a second cancel reports it unchanged', async () => {
    const runId = await invoke(server.url, 'welcome');
    const first = await call(server.url, '/journeys/cancel', { body: { run_id: runId } });
    expect(first).toMatchObject({ status: 202, body: { run_id: runId, status: 'CANCELED' } });
    const again = await call(server.url, '/journeys/cancel', { body: { run_id: runId } });
    expect(again).toMatchObject({ status: 202, body: { run_id: runId, status: 'CANCELED' } });
    expect(server.cancellations.map((c) => c.canceledRunIds)).toEqual([[runId], []]);
    expect(server.requests.at(-1)).toMatchObject({ endpoint: 'cancel', runId, templateId: 'welcome', outcome: 'answered' });
  });

  it.each(['PROCESSED', 'ERROR', 'NOT PROCESSED'])('leaves a run that finished %s unchanged and says so', async (status) => {
    const runId = await invoke(server.url, 'welcome');
    server.setRunStatus(runId, status);
    const res = await call(server.url, '/journeys/cancel', { body: { run_id: runId } });
    expect(res).toMatchObject({ status: 202, body: { run_id: runId, status } });
    expect(server.run(runId)?.status).toBe(status);
  });

  it.each(['WAITING', 'THROTTLED', 'SOMETHING NEW'])('cancels a run that is %s', async (status) => {
    const runId = await invoke(server.url, 'welcome');
    server.setRunStatus(runId, status);
    const res = await call(server.url, '/journeys/cancel', { body: { run_id: runId } });
    expect(res.body).toEqual({ run_id: runId, status: 'CANCELED' });
  });
});

describe('POST /journeys/cancel rejections', () => {
  const cases: [string, { body?: unknown; headers?: Record<string, string>; method?: string }, number, RegExp][] = [
    ['body not JSON', { body: '{nope' }, 400, /must be JSON/],
    ['an array body', { body: [] }, 400, /must be an object with run_id or cancelation_token, got an array/],
    ['neither field', { body: {} }, 400, /give run_id or cancelation_token$/],
    ['both fields', { body: { run_id: 'r', cancelation_token: 't' } }, 400, /not both/],
    ['an empty token', { body: { cancelation_token: '' } }, 400, /cancelation_token: must be a non-empty string, got an empty string/],
    ['a numeric run id', { body: { run_id: 7 } }, 400, /run_id: must be a non-empty string .*got number/],
    ['an unknown run', { body: { run_id: '1-65f240a0-000000000000000000000000' } }, 404, /Run "1-65f240a0-000000000000000000000000" not found/],
    ['a wrong key', { body: { cancelation_token: 't' }, headers: { authorization: 'Bearer nope' } }, 401, /Unauthorized/],
    ['no key', { body: { cancelation_token: 't' }, headers: { authorization: '' } }, 401, /Unauthorized/],
    ['GET', { method: 'GET' }, 405, /Method GET not allowed: use POST/],
  ];
  it.each(cases)('%s', async (_name, options, status, message) => {
    const res = await call(server.url, '/journeys/cancel', options);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({
      message: expect.stringMatching(message),
      type: status === 401 ? 'authentication_error' : 'invalid_request_error',
    });
    // A 405 matched no route, so it names no endpoint.
    expect(server.requests).toEqual([expect.objectContaining({ endpoint: status === 405 ? undefined : 'cancel', status, outcome: 'rejected' })]);
    expect(server.cancellations).toEqual([]);
    // Courier's error body is { message, type }, nothing else (its errors page).
    expect(Object.keys(res.body as object).sort()).toEqual(['message', 'type']);
    if (status === 405) expect(res.headers.allow).toBe('POST');
  });
});

describe('POST /journeys/cancel with an Idempotency-Key', () => {
  it('replays the first answer for the key and cancels once', async () => {
    const runId = await invoke(server.url, 'welcome');
    const first = await call(server.url, '/journeys/cancel', { body: { run_id: runId }, headers: { 'idempotency-key': 'cancel-1' } });
    server.setRunStatus(runId, 'PROCESSED');
    const replay = await call(server.url, '/journeys/cancel', { body: { run_id: runId }, headers: { 'idempotency-key': 'cancel-1' } });
    expect(replay.body).toEqual(first.body);
    expect(replay.body).toEqual({ run_id: runId, status: 'CANCELED' });
    expect(server.requests.map((r) => r.outcome)).toEqual(['created', 'answered', 'replayed']);
    expect(server.cancellations).toHaveLength(1);
  });

  it('replays a 404 for the key too, as Courier stores failures', async () => {
    const headers = { 'idempotency-key': 'cancel-404' };
    const first = await call(server.url, '/journeys/cancel', { body: { run_id: 'missing' }, headers });
    const second = await call(server.url, '/journeys/cancel', { body: { run_id: 'missing' }, headers });
    expect([first.status, second.status]).toEqual([404, 404]);
    expect(server.requests.map((r) => r.outcome)).toEqual(['rejected', 'replayed']);
  });

  it('keeps cancel keys apart from invoke keys', async () => {
    const runId = await invoke(server.url, 'welcome', { user_id: 'u1' }, { 'idempotency-key': 'same' });
    const res = await call(server.url, '/journeys/cancel', { body: { run_id: runId }, headers: { 'idempotency-key': 'same' } });
    expect(res).toMatchObject({ status: 202, body: { run_id: runId, status: 'CANCELED' } });
  });

  it('answers 409 to a second request with the key while the first is still executing', async () => {
    const delay = server.inject({ kind: 'delay', durationMs: 300 }, { endpoint: 'cancel' });
    const headers = { 'idempotency-key': 'slow-cancel' };
    const slow = call(server.url, '/journeys/cancel', { body: { cancelation_token: 't' }, headers });
    // The first cancel has taken the delay, so its key is executing.
    await eventually(() => expect(delay.remaining).toBe(0));
    const conflict = await call(server.url, '/journeys/cancel', { body: { cancelation_token: 't' }, headers });
    expect(conflict.status).toBe(409);
    expect((await slow).status).toBe(202);
    expect(server.cancellations).toHaveLength(1);
  });
});

describe('a cancel racing a run that finishes', () => {
  it('cancels before the scripted finish and keeps CANCELED; after it, reports the finish unchanged', async () => {
    server.setJourney('race', { statuses: [{ status: 'PROCESSING' }, { status: 'PROCESSED', afterMs: 400 }] });
    const early = await invoke(server.url, 'race');
    const res = await call(server.url, '/journeys/cancel', { body: { run_id: early } });
    expect(res.body).toEqual({ run_id: early, status: 'CANCELED' });
    const late = await invoke(server.url, 'race');
    now += 600;
    expect(server.run(early)?.status).toBe('CANCELED');
    const after = await call(server.url, '/journeys/cancel', { body: { run_id: late } });
    expect(after.body).toEqual({ run_id: late, status: 'PROCESSED' });
  });

  it('at the moment of the finish, each run is either canceled or finished, and the answers agree with later reads', async () => {
    server.setJourney('race', { statuses: [{ status: 'PROCESSING' }, { status: 'PROCESSED', afterMs: 150 }], cancelationToken: () => 'race-token' });
    const runIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      runIds.push(await invoke(server.url, 'race'));
      now += 15;
    }
    // Runs 0-6 have finished by now (run 6 at this very millisecond), 7-11 have not; cancel them all at once, by token and by id.
    now += 150 - 6 * 15;
    const [byToken, ...byId] = await Promise.all([
      call(server.url, '/journeys/cancel', { body: { cancelation_token: 'race-token' } }),
      ...runIds.map((runId) => call(server.url, '/journeys/cancel', { body: { run_id: runId } })),
    ]);
    expect(byToken?.status).toBe(202);
    now += 300;
    const canceled = new Set(server.cancellations.flatMap((c) => c.canceledRunIds));
    for (const [i, runId] of runIds.entries()) {
      const status = server.run(runId)?.status;
      expect(['CANCELED', 'PROCESSED']).toContain(status);
      expect(canceled.has(runId)).toBe(status === 'CANCELED');
      expect(byId[i]?.body).toEqual({ run_id: runId, status });
    }
    expect(runIds.map((runId) => server.run(runId)?.status)).toEqual([...Array(7).fill('PROCESSED'), ...Array(5).fill('CANCELED')]);
    // No run is canceled twice: each id appears in at most one cancel's list.
    expect(server.cancellations.flatMap((c) => c.canceledRunIds)).toHaveLength(canceled.size);
  });
});
