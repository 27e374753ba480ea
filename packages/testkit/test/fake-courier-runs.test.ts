import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JourneyRun } from '@journeykit/core';
import { RUN_ID_PATTERN, startFakeCourier, type FakeCourierServer } from '../src/index.js';
import { call, invoke } from './support/undici.js';

let server: FakeCourierServer;
// The server's clock: tests move it instead of waiting for scripted statuses.
let now = Date.parse('2026-04-01T09:00:00.000Z');
beforeAll(async () => {
  server = await startFakeCourier({
    clock: { now: () => now },
    journeys: {
      scripted: {
        statuses: [{ status: 'PROCESSING' }, { status: 'WAITING', afterMs: 300 }, { status: 'PROCESSED', afterMs: 900 }],
      },
    },
  });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('GET /journeys/runs/{runId}', () => {
  it("answers { run } with Courier's fields", async () => {
    const runId = await invoke(server.url, 'welcome');
    const res = await call(server.url, `/journeys/runs/${runId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      run: {
        run_id: runId,
        source: ['invoke/welcome'],
        status: 'PROCESSING',
        template_id: 'welcome',
        created_at: expect.stringMatching(ISO),
        updated_at: expect.stringMatching(ISO),
      },
    });
    expect(res.body.run.created_at).toBe(server.invocations[0]?.at.toISOString());
    expect(server.requests.at(-1)).toMatchObject({ endpoint: 'runs.get', runId, templateId: 'welcome', status: 200, outcome: 'answered' });
  });

  const cases: [string, string, { method?: string; headers?: Record<string, string> }, number, RegExp][] = [
    ['an unknown run', '/journeys/runs/1-65f240a0-000000000000000000000000', {}, 404, /Run "1-65f240a0-000000000000000000000000" not found/],
    ['a wrong key', '/journeys/runs/r1', { headers: { authorization: 'Bearer nope' } }, 401, /Unauthorized/],
    ['bad percent-encoding', '/journeys/runs/%E0%A4%A', {}, 400, /run ID in the path is not valid percent-encoding/],
    ['POST', '/journeys/runs/r1', { method: 'POST' }, 405, /Method POST not allowed: use GET/],
  ];
  it.each(cases)('%s', async (_name, path, options, status, message) => {
    const res = await call(server.url, path, options);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ message: expect.stringMatching(message) });
    expect(server.requests.at(-1)).toMatchObject({ status, outcome: 'rejected' });
  });

  it('forgets the oldest runs past maxRecords: reads of them get 404, as past retention', async () => {
    const small = await startFakeCourier({ maxRecords: 3 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await invoke(small.url, 'welcome'));
      const statuses = await Promise.all(ids.map(async (id) => (await call(small.url, `/journeys/runs/${id}`)).status));
      expect(statuses).toEqual([404, 404, 200, 200, 200]);
      const listed = await call<{ runs: JourneyRun[] }>(small.url, '/journeys/runs');
      expect(listed.body.runs.map((r) => r.run_id)).toEqual(ids.slice(2).reverse());
    } finally {
      await small.close();
    }
  });
});

describe('statuses on the scripted clock and on command', () => {
  it('moves a run PROCESSING, then WAITING, then PROCESSED as its journey says, with steps to match', async () => {
    const runId = await invoke(server.url, 'scripted');
    const read = async () => ({
      run: (await call(server.url, `/journeys/runs/${runId}`)).body.run,
      steps: (await call(server.url, `/journeys/runs/${runId}/steps`)).body.steps,
    });
    const start = await read();
    expect(start.run.status).toBe('PROCESSING');
    expect(start.steps).toEqual([
      { action: 'trigger', status: 'PROCESSING', node_id: 'node-1', created_at: expect.stringMatching(ISO), updated_at: expect.stringMatching(ISO) },
    ]);

    now += 550;
    const waiting = await read();
    expect(waiting.run.status).toBe('WAITING');
    expect(Date.parse(waiting.run.updated_at) - Date.parse(waiting.run.created_at)).toBe(300);
    expect(waiting.steps.map((s: { action: string; status: string }) => [s.action, s.status])).toEqual([
      ['trigger', 'PROCESSED'],
      ['delay', 'WAITING'],
    ]);

    now += 600;
    const done = await read();
    expect(done.run.status).toBe('PROCESSED');
    expect(done.steps.map((s: { action: string; status: string }) => [s.action, s.status])).toEqual([
      ['trigger', 'PROCESSED'],
      ['delay', 'PROCESSED'],
      ['send', 'PROCESSED'],
    ]);
    expect(done.steps[2].message_id).toMatch(RUN_ID_PATTERN);
  });

  it('moves a run to any status on command, and the script stops applying to it', async () => {
    const runId = await invoke(server.url, 'scripted');
    expect(server.setRunStatus(runId, 'ERROR')).toMatchObject({ run_id: runId, status: 'ERROR' });
    const res = await call(server.url, `/journeys/runs/${runId}`);
    expect(res.body.run.status).toBe('ERROR');
    const steps = await call(server.url, `/journeys/runs/${runId}/steps`);
    expect(steps.body.steps.map((s: { action: string; status: string }) => [s.action, s.status])).toEqual([
      ['trigger', 'PROCESSED'],
      ['send', 'ERROR'],
    ]);
    now += 1_000; // past the whole script
    expect(server.run(runId)?.status).toBe('ERROR');
  });

  it('refuses a command for a run it does not know', () => {
    expect(() => server.setRunStatus('nope', 'PROCESSED')).toThrow(/no run "nope" in this fake/);
  });

  it('checks the scripts it is given', async () => {
    await expect(startFakeCourier({ runStatuses: [] })).rejects.toThrow(/runStatuses must be a non-empty array/);
    await expect(
      startFakeCourier({
        runStatuses: [
          { status: 'PROCESSING', afterMs: 10 },
          { status: 'PROCESSED', afterMs: 5 },
        ],
      }),
    ).rejects.toThrow(/runStatuses\[1\]\.afterMs \(5\) comes before the previous step/);
    expect(() => server.setJourney('x', { statuses: [{ status: '' }] })).toThrow(/journeys\["x"\]\.statuses\[0\]\.status must be a non-empty string/);
  });
});

describe('GET /journeys/runs/{runId}/steps', () => {
  it('answers { steps } for a run, 404 for an unknown one', async () => {
    const runId = await invoke(server.url, 'welcome');
    const res = await call(server.url, `/journeys/runs/${runId}/steps`);
    expect(res).toMatchObject({ status: 200, body: { steps: [{ action: 'trigger', status: 'PROCESSING', node_id: 'node-1' }] } });
    const missing = await call(server.url, '/journeys/runs/nope/steps');
    expect(missing.status).toBe(404);
    expect(server.requests.at(-1)).toMatchObject({ endpoint: 'runs.steps', runId: 'nope', templateId: undefined });
  });
});

describe('GET /journeys/runs', () => {
  async function seed(templates: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const t of templates) ids.push(await invoke(server.url, t));
    return ids;
  }
  const ids = (body: { runs: JourneyRun[] }) => body.runs.map((r) => r.run_id);

  it('pages newest first across several pages by next_cursor, and back by prev_cursor', async () => {
    const created = await seed(['a', 'b', 'a', 'b', 'a', 'b', 'a']);
    const newest = [...created].reverse();
    const p1 = await call(server.url, '/journeys/runs', { query: { limit: '3' } });
    expect(p1.status).toBe(200);
    expect(ids(p1.body)).toEqual(newest.slice(0, 3));
    expect(p1.body.prev_cursor).toBeUndefined();
    const p2 = await call(server.url, '/journeys/runs', { query: { cursor: p1.body.next_cursor } });
    expect(ids(p2.body)).toEqual(newest.slice(3, 6));
    const p3 = await call(server.url, '/journeys/runs', { query: { cursor: p2.body.next_cursor } });
    expect(ids(p3.body)).toEqual(newest.slice(6));
    expect(p3.body.next_cursor).toBeUndefined();
    const back = await call(server.url, '/journeys/runs', { query: { cursor: p3.body.prev_cursor } });
    expect(ids(back.body)).toEqual(newest.slice(3, 6));
    const first = await call(server.url, '/journeys/runs', { query: { cursor: back.body.prev_cursor } });
    expect(ids(first.body)).toEqual(newest.slice(0, 3));
    expect(first.body.prev_cursor).toBeUndefined();
  });

  it('keeps its place when newer runs start between pages', async () => {
    const created = await seed(['a', 'a', 'a', 'a']);
    const p1 = await call(server.url, '/journeys/runs', { query: { limit: '2' } });
    await seed(['a', 'a']);
    const p2 = await call(server.url, '/journeys/runs', { query: { cursor: p1.body.next_cursor } });
    expect(ids(p2.body)).toEqual([created[1], created[0]]);
  });

  it('filters by template_id (a list), status, start_date and end_date, and the cursor keeps the filters', async () => {
    const [a1, b1, c1, a2, b2] = await seed(['a', 'b', 'c', 'a', 'b']);
    server.setRunStatus(b1 as string, 'CANCELED');
    server.setRunStatus(a2 as string, 'PROCESSED');
    const ab = await call(server.url, '/journeys/runs', { query: { template_id: 'a,b' } });
    expect(ids(ab.body)).toEqual([b2, a2, b1, a1]);
    const repeated = await call(server.url, '/journeys/runs', { query: { template_id: ['a', 'c'] } });
    expect(ids(repeated.body)).toEqual([a2, c1, a1]);
    const finished = await call(server.url, '/journeys/runs', { query: { status: 'PROCESSED,CANCELED' } });
    expect(ids(finished.body)).toEqual([a2, b1]);

    const at = (id: string | undefined) => server.run(id as string)?.created_at as string;
    now += 5;
    const later = await seed(['a']);
    const since = await call(server.url, '/journeys/runs', { query: { start_date: new Date(Date.parse(at(b2)) + 1).toISOString() } });
    expect(ids(since.body)).toEqual(later);
    // end_date is inclusive: a run created in the same millisecond as a1 is listed too.
    const before = await call(server.url, '/journeys/runs', { query: { end_date: at(a1), template_id: 'a' } });
    expect(ids(before.body)).toContain(a1);
    for (const run of before.body.runs as { created_at: string }[]) expect(Date.parse(run.created_at)).toBeLessThanOrEqual(Date.parse(at(a1)));

    const p1 = await call(server.url, '/journeys/runs', { query: { template_id: 'a', limit: '1' } });
    const p2 = await call(server.url, '/journeys/runs', { query: { cursor: p1.body.next_cursor } });
    const p2again = await call(server.url, '/journeys/runs', { query: { cursor: p1.body.next_cursor, template_id: 'a' } });
    expect(ids(p2.body)).toEqual([a2]);
    expect(p2again.body).toEqual(p2.body);
  });

  it('takes empty parameters as absent, as a template URL leaves them', async () => {
    const created = await seed(['a', 'b']);
    const res = await call(server.url, '/journeys/runs', {
      query: { template_id: '', status: '', start_date: '', end_date: '', limit: '', cursor: '' },
    });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([...created].reverse());
  });

  it('answers an empty page with no cursors when nothing matches', async () => {
    const res = await call(server.url, '/journeys/runs', { query: { template_id: 'none' } });
    expect(res).toMatchObject({ status: 200, body: { runs: [] } });
    expect(Object.keys(res.body)).toEqual(['runs']);
  });

  it('pages by 20 when no limit is given, and by up to 50', async () => {
    await seed(Array.from({ length: 52 }, () => 'bulk'));
    const byDefault = await call(server.url, '/journeys/runs');
    expect(byDefault.body.runs).toHaveLength(20);
    const max = await call(server.url, '/journeys/runs', { query: { limit: '50' } });
    expect(max.body.runs).toHaveLength(50);
    const rest = await call(server.url, '/journeys/runs', { query: { cursor: max.body.next_cursor } });
    expect(rest.body.runs).toHaveLength(2);
  });

  const rejections: [string, Record<string, string | string[]>, RegExp][] = [
    // limit out of range or not a number is clamped, not refused: courier-contract.test.ts.
    ['limit given twice', { limit: ['1', '2'] }, /limit: was given more than once/],
    ['a start_date that is not a date', { start_date: 'yesterday' }, /start_date: must be an ISO 8601 date/],
    ['a cursor it never gave out', { cursor: 'bm9wZQ' }, /cursor: is not a cursor this API gave out/],
  ];
  it.each(rejections)('rejects %s with 400', async (_name, query, message) => {
    const res = await call(server.url, '/journeys/runs', { query });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: expect.stringMatching(message), type: 'invalid_request_error' });
  });

  it('rejects a cursor sent with other filters than it was made for', async () => {
    await seed(['a', 'a']);
    const p1 = await call(server.url, '/journeys/runs', { query: { template_id: 'a', limit: '1' } });
    const res = await call(server.url, '/journeys/runs', { query: { cursor: p1.body.next_cursor, template_id: 'b' } });
    expect(res).toMatchObject({ status: 400, body: { message: expect.stringMatching(/cursor: was made for other filters/) } });
  });

  it('end_date before start_date matches nothing; an unknown parameter is ignored', async () => {
    await seed(['a']);
    const reversed = await call(server.url, '/journeys/runs', { query: { start_date: '2026-01-02T00:00:00Z', end_date: '2026-01-01T00:00:00Z' } });
    expect(reversed).toMatchObject({ status: 200, body: { runs: [] } });
    const unknown = await call(server.url, '/journeys/runs', { query: { page: '2' } });
    expect(unknown.status).toBe(200);
    expect(unknown.body.runs).toHaveLength(1);
  });

  it('checks the key and the method', async () => {
    expect((await call(server.url, '/journeys/runs', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const post = await call(server.url, '/journeys/runs', { method: 'POST', body: {} });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
  });
});
