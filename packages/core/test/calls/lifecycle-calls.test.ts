import { describe, expect, it } from 'vitest';
import { eventually } from '@journeykit/test-support/http';
import {
  JourneysAbortError,
  JourneysClient,
  JourneysClosedError,
  JourneysApiError,
  JourneysConnectionError,
  JourneysRunNotFoundError,
  JourneysRunWaitTimeoutError,
  JourneysValidationError,
  type JourneyRun,
  type JourneysCallEvent,
} from '../../src/index.js';
import { json } from '@journeykit/test-support/local-server';
import { useScriptedServer } from '../support/scripted-server.js';

// The lifecycle calls go through the same request pipeline as the invoke: these tests check the
// wire (method, path, query, body, headers), the decoding, and that retries, hooks and errors
// behave as they do for an invoke. testkit's lifecycle tests run them against the fake Courier.
const KEY = 'sk_test_lifecycle_0123456789';
const { server, client, script } = useScriptedServer({ apiKey: KEY, retryDelayMs: 1 });
const run = (id: string, status: string): JourneyRun => ({ run_id: id, source: ['api'], status, template_id: 'welcome' });

describe('cancel', () => {
  it('by token: POST /journeys/cancel with the token, an Idempotency-Key, no key in the body', async () => {
    script((_q, res) => json(res, 202, { cancelation_token: 'order-42' }));
    await expect(client().cancel({ cancelation_token: 'order-42' })).resolves.toEqual({ cancelation_token: 'order-42' });
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/journeys/cancel', body: '{"cancelation_token":"order-42"}' });
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.headers['idempotency-key']).toMatch(/^journeykit-[0-9a-f-]{36}$/);
  });

  it('by run id: the run status afterwards, CANCELED or the finished status it kept', async () => {
    script(
      (_q, res) => json(res, 202, { run_id: 'r-1', status: 'CANCELED' }),
      (_q, res) => json(res, 202, { run_id: 'r-2', status: 'PROCESSED' }),
    );
    const c = client();
    await expect(c.cancel({ run_id: 'r-1' })).resolves.toEqual({ run_id: 'r-1', status: 'CANCELED' });
    await expect(c.cancel({ run_id: 'r-2' })).resolves.toEqual({ run_id: 'r-2', status: 'PROCESSED' });
    expect(server.requests.map((r) => r.body)).toEqual(['{"run_id":"r-1"}', '{"run_id":"r-2"}']);
  });

  it('is retried on 503 under one Idempotency-Key (the one given)', async () => {
    script(
      (_q, res) => json(res, 503, { message: 'busy' }),
      (_q, res) => json(res, 202, { cancelation_token: 't' }),
    );
    await client().cancel({ cancelation_token: 't' }, { idempotencyKey: 'cancel-order-42' });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['cancel-order-42', 'cancel-order-42']);
  });

  it('a 404 for a run id is JourneysRunNotFoundError, a JourneysApiError with its own code', async () => {
    script((_q, res) => json(res, 404, { message: 'Run not found' }, { 'x-request-id': 'req-9' }));
    const error = await client()
      .cancel({ run_id: 'r-gone' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysRunNotFoundError);
    expect(error).toBeInstanceOf(JourneysApiError);
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_RUN_NOT_FOUND', status: 404, runId: 'r-gone', requestId: 'req-9', attempts: 1 });
    expect((error as Error).message).toBe('Courier answered 404 to the cancel of run "r-gone": Run not found');
  });

  it.each([
    ['both fields', { run_id: 'r', cancelation_token: 't' }, /give run_id or cancelation_token, not both/],
    ['neither field', {}, /give run_id \(one run\) or cancelation_token/],
    ['an empty token', { cancelation_token: '' }, /cancelation_token: must not be empty/],
    ['a run id with a newline', { run_id: 'r\n1' }, /run_id: must not contain control characters/],
    ['the British spelling', { cancellation_token: 't' }, /cancellation_token: unknown field.*Courier spells it cancelation_token/],
    ['not an object', 'r-1', /must be \{ run_id \} or \{ cancelation_token \}, got a string/],
  ])('%s: JourneysValidationError, nothing sent', async (_name, request, message) => {
    const error = await client()
      .cancel(request as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect((error as Error).message).toMatch(/^Invalid cancel \(\d problems?\); nothing was sent/);
    expect((error as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  it('a 202 without the expected fields is a typed API error', async () => {
    script((_q, res) => json(res, 202, {}));
    await expect(client().cancel({ cancelation_token: 't' })).rejects.toThrow(
      'Courier answered 202 to the cancel by token without a cancelation_token',
    );
  });
});

describe('runs.get and runs.steps', () => {
  it('GET /journeys/runs/{runId} with the id encoded, no Idempotency-Key, answers the run', async () => {
    script((_q, res) => json(res, 200, { run: run('1-a/b', 'PROCESSING') }));
    await expect(client().runs.get('1-a/b')).resolves.toEqual(run('1-a/b', 'PROCESSING'));
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'GET', url: '/journeys/runs/1-a%2Fb', body: '' });
    expect(req?.headers['idempotency-key']).toBeUndefined();
    expect(req?.headers.accept).toBe('application/json');
  });

  it('a run without source still has an array there', async () => {
    script((_q, res) => json(res, 200, { run: { run_id: 'r', status: 'WAITING' } }));
    await expect(client().runs.get('r')).resolves.toEqual({ run_id: 'r', status: 'WAITING', source: [] });
  });

  it('retried on 500 like an invoke; 404 is JourneysRunNotFoundError after one attempt', async () => {
    script(
      (_q, res) => json(res, 500, {}),
      (_q, res) => json(res, 200, { run: run('r', 'PROCESSED') }),
      (_q, res) => json(res, 404, { message: 'Not found' }),
    );
    const c = client();
    await expect(c.runs.get('r')).resolves.toMatchObject({ status: 'PROCESSED' });
    await expect(c.runs.get('r-old')).rejects.toMatchObject({ code: 'ERR_JOURNEYS_RUN_NOT_FOUND', runId: 'r-old', attempts: 1 });
    expect(server.requests).toHaveLength(3);
  });

  it('steps: GET /journeys/runs/{runId}/steps answers the steps array', async () => {
    const steps = [
      { action: 'send', status: 'PROCESSED', node_id: 'n1', message_id: 'm-1' },
      { action: 'delay', status: 'WAITING', node_id: 'n2' },
    ];
    script((_q, res) => json(res, 200, { steps }));
    await expect(client().runs.steps('r-1')).resolves.toEqual(steps);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/journeys/runs/r-1/steps' });
  });

  it('the key echoed in an answer does not reach the caller', async () => {
    script((_q, res) => json(res, 200, { run: { run_id: 'r', source: [`echo ${KEY}`], status: 'PROCESSED' } }));
    const got = await client().runs.get('r');
    expect(JSON.stringify(got)).not.toContain(KEY);
  });

  it.each([[''], ['a\u0000b'], [42]])('run id %j: JourneysValidationError, nothing sent', async (runId) => {
    await expect(client().runs.get(runId as string)).rejects.toBeInstanceOf(JourneysValidationError);
    await expect(client().runs.steps(runId as string)).rejects.toBeInstanceOf(JourneysValidationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('runs.list', () => {
  it('follows next_cursor across pages, with the filters in the query, one request per page as the loop asks', async () => {
    const pages: Record<string, unknown> = {
      '': { runs: [run('r5', 'PROCESSED'), run('r4', 'ERROR')], next_cursor: 'c2' },
      c2: { runs: [run('r3', 'PROCESSED'), run('r2', 'PROCESSED')], next_cursor: 'c3' },
      c3: { runs: [run('r1', 'ERROR')] },
    };
    server.respond = (q, res) => json(res, 200, pages[new URL(q.url, 'http://x').searchParams.get('cursor') ?? '']);
    const ids: string[] = [];
    const list = client().runs.list({
      template_id: ['welcome', 'order shipped'],
      status: ['PROCESSED', 'ERROR'],
      start_date: new Date('2026-11-01T00:00:00Z'),
      end_date: '2026-11-29T00:00:00Z',
      limit: 2,
    });
    for await (const r of list) ids.push(r.run_id);
    expect(ids).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/journeys/runs?template_id=welcome%2Corder+shipped&status=PROCESSED%2CERROR&start_date=2026-11-01T00%3A00%3A00.000Z&end_date=2026-11-29T00%3A00%3A00.000Z&limit=2',
      '/journeys/runs?template_id=welcome%2Corder+shipped&status=PROCESSED%2CERROR&start_date=2026-11-01T00%3A00%3A00.000Z&end_date=2026-11-29T00%3A00%3A00.000Z&limit=2&cursor=c2',
      '/journeys/runs?template_id=welcome%2Corder+shipped&status=PROCESSED%2CERROR&start_date=2026-11-01T00%3A00%3A00.000Z&end_date=2026-11-29T00%3A00%3A00.000Z&limit=2&cursor=c3',
    ]);
  });

  it('a break stops fetching pages', async () => {
    server.respond = (_q, res) => json(res, 200, { runs: [run('a', 'PROCESSED'), run('b', 'PROCESSED')], next_cursor: 'more' });
    for await (const r of client().runs.list()) if (r.run_id === 'a') break;
    expect(server.requests.map((r) => r.url)).toEqual(['/journeys/runs']);
  });

  it('a page is retried like any call; a cursor Courier already gave ends the loop with an error', async () => {
    script(
      (_q, res) => json(res, 503, {}),
      (_q, res) => json(res, 200, { runs: [run('a', 'PROCESSED')], next_cursor: 'same' }),
      (_q, res) => json(res, 200, { runs: [run('b', 'PROCESSED')], next_cursor: 'same' }),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const r of client().runs.list()) seen.push(r.run_id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['a', 'b']);
    expect(error).toBeInstanceOf(JourneysApiError);
    expect((error as Error).message).toMatch(/next_cursor it had already given/);
    expect(server.requests).toHaveLength(3);
  });

  it.each([
    ['limit 0', { limit: 0 }, /filter\.limit: must be a whole number from 1 to 50/],
    ['limit 51', { limit: 51 }, /filter\.limit/],
    ['a template id with a comma', { template_id: ['a,b'] }, /filter\.template_id\[0\]: must not contain a comma/],
    ['status not an array', { status: 'ERROR' }, /filter\.status: must be a non-empty array/],
    ['a bad date', { start_date: 'yesterday' }, /filter\.start_date: must be a Date or an ISO 8601 string/],
    ['an unknown filter', { templateId: ['a'] }, /filter\.templateId: unknown filter/],
  ])('%s: JourneysValidationError on the first step, nothing sent', async (_name, filter, message) => {
    const iterator = client()
      .runs.list(filter as never)
      [Symbol.asyncIterator]();
    const error = await iterator.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect((error as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });
});

describe('runs.waitFor', () => {
  it('polls until a finished status, waiting longer each time', async () => {
    const statuses = ['PROCESSING', 'WAITING', 'WAITING', 'PROCESSED'];
    const at: number[] = [];
    server.respond = (_q, res) => {
      at.push(Date.now());
      json(res, 200, { run: run('r', statuses[Math.min(at.length - 1, statuses.length - 1)] as string) });
    };
    const done = await client().runs.waitFor('r', { pollIntervalMs: 40 });
    expect(done.status).toBe('PROCESSED');
    expect(at).toHaveLength(4);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[2]).toBeGreaterThanOrEqual(85); // 40, 60, 90 ms
  });

  it('until: stops at the status asked for', async () => {
    script((_q, res) => json(res, 200, { run: run('r', 'WAITING') }));
    await expect(client().runs.waitFor('r', { until: ['WAITING'] })).resolves.toMatchObject({ status: 'WAITING' });
    expect(server.requests).toHaveLength(1);
  });

  it('times out with JourneysRunWaitTimeoutError that says where the run was', async () => {
    script((_q, res) => json(res, 200, { run: run('r', 'WAITING') }));
    const started = Date.now();
    const error = await client()
      .runs.waitFor('r', { timeoutMs: 300, pollIntervalMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysRunWaitTimeoutError);
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_TIMEOUT', runId: 'r', timeoutMs: 300, lastRun: { status: 'WAITING' } });
    expect((error as Error).message).toBe('Run "r" did not reach PROCESSED / CANCELED / ERROR / NOT PROCESSED within 300 ms (last seen WAITING)');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a poll stalled past the deadline is cut at the deadline', async () => {
    script(() => undefined); // never answers
    const started = Date.now();
    await expect(client().runs.waitFor('r', { timeoutMs: 200 })).rejects.toBeInstanceOf(JourneysRunWaitTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('aborted by its signal: JourneysAbortError, no more polls', async () => {
    script((_q, res) => json(res, 200, { run: run('r', 'PROCESSING') }));
    const controller = new AbortController();
    // Aborted mid-wait, once it has polled twice.
    void eventually(() => expect(server.requests.length).toBeGreaterThanOrEqual(2)).then(() => controller.abort(new Error('page closed')));
    const error = await client()
      .runs.waitFor('r', { pollIntervalMs: 30, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysAbortError);
    const polls = server.requests.length;
    // A real sleep on purpose: it shows NO poll follows the abort within 150 ms (five poll intervals).
    await new Promise((r) => setTimeout(r, 150));
    expect(server.requests).toHaveLength(polls);
  });

  it('a 429 that outlasts the client retries waits Retry-After before the next poll, never hammering', async () => {
    const at: number[] = [];
    server.respond = (_q, res) => {
      at.push(Date.now());
      if (at.length === 1) json(res, 429, {}, { 'retry-after': '1' });
      else json(res, 200, { run: run('r', 'PROCESSED') });
    };
    const done = await client({ maxRetries: 0 }).runs.waitFor('r', { pollIntervalMs: 10 });
    expect(done.status).toBe('PROCESSED');
    expect(at).toHaveLength(2);
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(950);
  });

  it('a dropped connection that outlasts the client retries is polled again, as a 5xx or a timeout is', async () => {
    let polls = 0;
    server.respond = (_q, res, socket) => {
      polls++;
      if (polls === 1) socket.destroy();
      else json(res, 200, { run: run('r', 'PROCESSED') });
    };
    const done = await client({ maxRetries: 0 }).runs.waitFor('r', { pollIntervalMs: 10, timeoutMs: 5_000 });
    expect(done.status).toBe('PROCESSED');
    expect(polls).toBe(2);
  });

  it('a poll that found no free connection (queue timeout) is polled again once one frees up', async () => {
    // The client's only connection is held by another call until the first poll has timed out in the queue.
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    server.respond = (req, res) => {
      if (req.url?.endsWith('/hold') === true) void held.then(() => json(res, 200, { run: run('hold', 'PROCESSED') }));
      else json(res, 200, { run: run('r', 'PROCESSED') });
    };
    const queueTimeouts: string[] = [];
    const c = client({
      connections: 1,
      queueTimeoutMs: 20,
      maxRetries: 0,
      hooks: {
        onError: ({ runId, error }) => {
          if (error.code !== 'ERR_JOURNEYS_QUEUE_TIMEOUT') return;
          queueTimeouts.push(runId ?? '');
          release();
        },
      },
    });
    const hold = c.runs.get('hold');
    const done = await c.runs.waitFor('r', { pollIntervalMs: 10, timeoutMs: 5_000 });
    expect(done.status).toBe('PROCESSED');
    expect(queueTimeouts).toEqual(['r']);
    await expect(hold).resolves.toMatchObject({ run_id: 'hold' });
  });

  it('undici refusing the request ends the wait at once, as it ends the retries: waiting would not fix it', async () => {
    let dispatched = 0;
    // What undici does with an argument it cannot send (UND_ERR_INVALID_ARG), stubbed to isolate the wait.
    const refusing = {
      dispatch: () => {
        dispatched++;
        throw Object.assign(new TypeError('invalid request'), { code: 'UND_ERR_INVALID_ARG' });
      },
      close: async () => {},
    };
    const started = Date.now();
    const error = await client({ dispatcher: refusing as never })
      .runs.waitFor('r', { pollIntervalMs: 10, timeoutMs: 5_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysConnectionError);
    expect(dispatched).toBe(1);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('a wait that runs out while polls fail carries the last failure as its cause', async () => {
    script((_q, res) => json(res, 503, { message: 'down' }));
    const error = await client({ maxRetries: 0 })
      .runs.waitFor('r', { pollIntervalMs: 20, timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysRunWaitTimeoutError);
    expect((error as Error).message).toContain('the last poll failed');
    expect((error as Error).cause).toBeInstanceOf(JourneysApiError);
    expect(((error as Error).cause as JourneysApiError).status).toBe(503);
  });

  it('a 404 ends the wait at once with JourneysRunNotFoundError', async () => {
    script((_q, res) => json(res, 404, {}));
    await expect(client().runs.waitFor('r-none')).rejects.toBeInstanceOf(JourneysRunNotFoundError);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['until empty', { until: [] }, /options\.until/],
    ['timeoutMs negative', { timeoutMs: -1 }, /options\.timeoutMs/],
    ['an unknown option', { interval: 5 }, /options\.interval: unknown option/],
  ])('%s: JourneysValidationError, nothing sent', async (_name, options, message) => {
    await expect(client().runs.waitFor('r', options as never)).rejects.toThrow(message);
    expect(server.requests).toHaveLength(0);
  });
});

describe('one pipeline for every call', () => {
  it('hooks see every call with its kind, and GETs carry no idempotency key', async () => {
    script(
      (_q, res) => json(res, 200, { runId: 'r-new' }),
      (_q, res) => json(res, 200, { run: run('r-new', 'PROCESSING') }),
      (_q, res) => json(res, 200, { steps: [] }),
      (_q, res) => json(res, 200, { runs: [] }),
      (_q, res) => json(res, 202, { run_id: 'r-new', status: 'CANCELED' }),
    );
    const seen: JourneysCallEvent[] = [];
    const c = client({ hooks: { onRequest: (e) => seen.push(e) } });
    await c.invoke('welcome', { user_id: 'u1' });
    await c.runs.get('r-new');
    await c.runs.steps('r-new');
    for await (const _ of c.runs.list()) void _;
    await c.cancel({ run_id: 'r-new' });
    expect(seen.map((e) => [e.kind, e.templateId, e.runId, typeof e.idempotencyKey])).toEqual([
      ['invoke', 'welcome', undefined, 'string'],
      ['runs.get', undefined, 'r-new', 'undefined'],
      ['runs.steps', undefined, 'r-new', 'undefined'],
      ['runs.list', undefined, undefined, 'undefined'],
      ['cancel', undefined, 'r-new', 'string'],
    ]);
  });

  it('methods work detached, and a closed client refuses every call', async () => {
    script((_q, res) => json(res, 202, { cancelation_token: 't' }));
    const c = client();
    const { cancel, runs } = c;
    await expect(cancel({ cancelation_token: 't' })).resolves.toEqual({ cancelation_token: 't' });
    await c.close();
    await expect(cancel({ cancelation_token: 't' })).rejects.toMatchObject({ code: 'ERR_JOURNEYS_CLOSED' });
    await expect(runs.get('r')).rejects.toMatchObject({ code: 'ERR_JOURNEYS_CLOSED' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('runs.list against a server that pages without end', () => {
  it('three empty pages in a row, each with a new next_cursor, end the walk with a JourneysApiError', async () => {
    // Issue 23: a server answering empty pages with ever-new cursors drew 30,049 requests in 5 s.
    // This one gives up after 50 pages (no next_cursor), so the walk ends either way.
    server.respond = (_q, res) => {
      const n = server.requests.length;
      json(res, 200, n < 50 ? { runs: [], next_cursor: `c${n}` } : { runs: [] });
    };
    const error = await (async () => {
      for await (const _ of client().runs.list()) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysApiError);
    expect((error as Error).message).toMatch(/3 pages in a row with no runs/);
    expect(server.requests).toHaveLength(3);
  });

  it('an empty page between full ones is fine: the count starts again after a page with runs', async () => {
    const pages = [[], ['a'], [], [], ['b'], [], []];
    server.respond = (_q, res) => {
      const n = server.requests.length - 1;
      json(res, 200, { runs: (pages[n] ?? []).map((id) => run(id, 'PROCESSED')), ...(n < pages.length - 1 ? { next_cursor: `c${n}` } : {}) });
    };
    const seen: string[] = [];
    for await (const r of client().runs.list()) seen.push(r.run_id);
    expect(seen).toEqual(['a', 'b']);
    expect(server.requests).toHaveLength(pages.length);
  });
});

describe('abort and closed-client errors name the call', () => {
  const calls: [string, (c: JourneysClient, signal?: AbortSignal) => Promise<unknown>][] = [
    ['invoke', (c, signal) => c.invoke('welcome', { user_id: 'u1' }, { signal })],
    ['cancel', (c, signal) => c.cancel({ run_id: 'r' }, { signal })],
    ['runs.get', (c, signal) => c.runs.get('r', { signal })],
    ['runs.steps', (c, signal) => c.runs.steps('r', { signal })],
    [
      'runs.list',
      async (c, signal) => {
        for await (const _ of c.runs.list({}, { signal })) void _;
      },
    ],
    ['runs.waitFor', (c, signal) => c.runs.waitFor('r', { signal })],
  ];

  it.each(calls)('%s aborted by its signal: JourneysAbortError that says which call', async (name, call) => {
    const error = await call(client(), AbortSignal.abort()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysAbortError);
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_ABORT', message: `The ${name} call was aborted by its signal` });
    expect(server.requests).toHaveLength(0);
  });

  it.each(calls)('%s aborted while the attempt is in flight says which call', async (name, call) => {
    server.respond = () => {}; // never answers
    const controller = new AbortController();
    // Aborted once the attempt has reached the server.
    void eventually(() => expect(server.requests).toHaveLength(1)).then(() => controller.abort());
    const error = await call(client(), controller.signal).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_ABORT', message: `The ${name} call was aborted by its signal` });
  });

  it.each(calls.filter(([name]) => name !== 'runs.waitFor'))(
    '%s on a closed client: JourneysClosedError that says which call',
    async (name, call) => {
      const c = client();
      await c.close();
      const error = await call(c).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JourneysClosedError);
      expect((error as Error).message).toBe(`This JourneysClient is closed; ${name} was not sent. Create a new client to make more calls`);
    },
  );
});
