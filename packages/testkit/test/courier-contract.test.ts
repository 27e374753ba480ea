/**
 * Courier's published contract, one fact at a time, checked against the fake server over real
 * HTTP (undici, 127.0.0.1). Each fact names where Courier publishes it:
 * - courier-node: trycourier/courier-node 9.1.0, generated from Courier's OpenAPI spec
 *   (`src/resources/journeys/journeys.ts`, `src/resources/journeys/runs.ts`);
 * - idempotent-requests: trycourier/docs `docs/reference/idempotent-requests.mdx`;
 * - errors page: courier.com/docs/platform/sending/handling-responses-and-errors;
 * - api overview: courier.com/docs/reference/api-overview ("Payload Limits").
 */
import { eventually } from '@journeykit/test-support/http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCourier, type FakeCourierServer } from '../src/index.js';
import { IdempotencyStore } from '../src/server/idempotency-store.js';
import { DEFINITIONS, exit, trigger } from './support/journey-definitions.js';
import { call, invoke } from './support/undici.js';

let server: FakeCourierServer;
beforeAll(async () => {
  server = await startFakeCourier();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const invokePath = (templateId: string): string => `/journeys/${encodeURIComponent(templateId)}/invoke`;

describe('idempotency (idempotent-requests)', () => {
  // "Results are only saved if an API endpoint started executing. If incoming parameters failed
  // validation ... no idempotent result is saved ... It is safe to retry these requests."
  const rejectedFirst: [string, string, unknown, unknown][] = [
    ['an invoke that failed validation', invokePath('welcome'), { user_id: 42 }, { user_id: 'u1' }],
    ['an invoke whose body is not JSON', invokePath('welcome'), '{"user_id": ', { user_id: 'u1' }],
    ['a cancel that failed validation', '/journeys/cancel', { run_id: 1 }, { cancelation_token: 'order-1' }],
  ];
  it.each(rejectedFirst)('%s is not stored: a retry with the same key and a fixed body is processed', async (_name, path, bad, good) => {
    const headers = { 'idempotency-key': 'retry-after-400' };
    const first = await call(server.url, path, { body: bad, headers });
    expect(first.status).toBe(400);
    const retry = await call(server.url, path, { body: good, headers });
    expect(retry.status).toBeLessThan(300);
    expect(server.requests.at(-1)?.outcome).not.toBe('replayed');
  });

  it('a result of an endpoint that ran (a 404 for an unknown run) is stored and replayed', async () => {
    const headers = { 'idempotency-key': 'stored-404' };
    const first = await call(server.url, '/journeys/cancel', { body: { run_id: 'no-such-run' }, headers });
    const again = await call(server.url, '/journeys/cancel', { body: { run_id: 'no-such-run' }, headers });
    expect([first.status, again.status]).toEqual([404, 404]);
    expect(server.requests.at(-1)?.outcome).toBe('replayed');
  });

  // courier-node journeys.ts documents no rule on the key's length or characters: what Courier accepts, the fake accepts.
  it('accepts a 300-character key', async () => {
    const res = await call(server.url, invokePath('welcome'), { body: { user_id: 'u1' }, headers: { 'idempotency-key': 'k'.repeat(300) } });
    expect(res.status).toBe(200);
  });

  // idempotent-requests: "either epoch milliseconds or an ISO-8601 formatted date string"; courier-node
  // journeys.ts: "a Unix epoch timestamp in seconds or an ISO 8601 date string".
  const at = new Date(Date.now() + 3 * 24 * 3600 * 1000);
  at.setUTCMilliseconds(0);
  it.each([
    ['ISO 8601', at.toISOString()],
    ['ISO 8601 with an offset', at.toISOString().replace('Z', '+00:00')],
    ['epoch milliseconds', String(at.getTime())],
    ['Unix seconds', String(at.getTime() / 1000)],
  ])('reads X-Idempotency-Expiration given as %s', async (_name, value) => {
    await call(server.url, invokePath('welcome'), {
      body: { user_id: 'u1' },
      headers: { 'idempotency-key': 'exp', 'x-idempotency-expiration': value },
    });
    expect(server.requests.at(-1)?.idempotencyExpiresAt?.toISOString()).toBe(at.toISOString());
  });

  // idempotent-requests.mdx: "The minimum value that can be set is 24 hours. The maximum value that can be set is 1 year."
  // Checked on the store with a fixed clock, not by waiting a day.
  const now = Date.UTC(2026, 11, 7);
  const HOUR = 3_600_000;
  it.each([
    ['1 hour ahead is kept 24 hours', new Date(now + HOUR).toISOString(), now + 24 * HOUR],
    ['3 days ahead is kept 3 days', new Date(now + 72 * HOUR).toISOString(), now + 72 * HOUR],
    ['2 years ahead is kept 1 year', new Date(now + 2 * 365 * 24 * HOUR).toISOString(), now + 365 * 24 * HOUR],
    ['no header: the 25 h courier-node journeys.ts documents', undefined, now + 25 * HOUR],
  ])('an expiration %s', (_name, header, keptUntil) => {
    expect(new IdempotencyStore().expiryFor(header, now)).toBe(keptUntil);
  });
});

describe('invoke body (courier-node journeys.ts JourneyInvokeParams)', () => {
  // The body has data, profile and user_id; nothing says other fields are refused.
  it('accepts a top-level field Courier does not document', async () => {
    const res = await call(server.url, invokePath('welcome'), { body: { user_id: 'u1', campaign: 'fall' } });
    expect(res.status).toBe(200);
  });

  // api overview: "The maximum request body size for all Courier API endpoints is 6 MB. Requests that
  // exceed this limit are rejected with a 413 Payload Too Large response."
  it('accepts a 6,000,000-byte body', async () => {
    const body = JSON.stringify({ user_id: 'u1', data: { pad: '' } });
    const padded = body.replace('"pad":""', `"pad":"${'x'.repeat(6_000_000 - body.length)}"`);
    expect(Buffer.byteLength(padded)).toBe(6_000_000);
    const res = await call(server.url, invokePath('welcome'), { body: padded });
    expect(res.status).toBe(200);
  });

  it('answers 413, type invalid_request_error, past 6 MB', async () => {
    const res = await call(server.url, invokePath('welcome'), {
      body: JSON.stringify({ user_id: 'u1', data: { pad: 'x'.repeat(6 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ message: expect.any(String), type: 'invalid_request_error' });
  });
});

describe('cancel body (courier-node journeys.ts CancelJourneyRequest: "Provide EXACTLY ONE of `cancelation_token` ... or `run_id`")', () => {
  it.each([
    ['both', { run_id: 'r', cancelation_token: 't' }, 400],
    ['neither', {}, 400],
    ['one, and a field Courier does not document', { cancelation_token: 't', reason: 'x' }, 202],
  ])('%s: %j answers %i', async (_name, body, status) => {
    const res = await call(server.url, '/journeys/cancel', { body });
    expect(res.status).toBe(status);
  });
});

describe('error bodies (errors page)', () => {
  // "the Courier API returns an error response with an HTTP status code, a `message` describing the
  // issue, and a `type` classifying the error category" and its table of types by status.
  const types: [number, string][] = [
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'authorization_error'],
    [404, 'invalid_request_error'],
    [409, 'invalid_request_error'],
    [413, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [503, 'api_error'],
  ];
  it.each(types)('%i has type %s and the body is { message, type }', async (status, type) => {
    server.inject({ kind: 'status', status, stored: false });
    const res = await call(server.url, invokePath('welcome'), { body: { user_id: 'u1' } });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ message: expect.any(String), type });
  });

  it('a 400 the fake finds itself is { message, type } too', async () => {
    const res = await call(server.url, invokePath('welcome'), { body: { user_id: 42 } });
    expect(res.body).toEqual({ message: expect.stringContaining('user_id'), type: 'invalid_request_error' });
  });

  it('a 409 for a key still executing is an invalid_request_error', async () => {
    const delay = server.inject({ kind: 'delay', durationMs: 300 }, { endpoint: 'invoke' });
    const headers = { 'idempotency-key': 'busy' };
    const first = call(server.url, invokePath('welcome'), { body: { user_id: 'u1' }, headers });
    // The first request has taken the delay, so its key is executing.
    await eventually(() => expect(delay.remaining).toBe(0));
    const second = await call(server.url, invokePath('welcome'), { body: { user_id: 'u1' }, headers });
    await first;
    expect(second.status).toBe(409);
    expect(second.body).toEqual({ message: expect.any(String), type: 'invalid_request_error' });
  });
});

describe('GET /journeys/runs (courier-node runs.ts RunListParams)', () => {
  const seed = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await invoke(server.url, 'welcome'));
    return ids;
  };

  // limit: "between `1` and `50`. Defaults to `20`. Values outside the range are clamped, and a
  // non-numeric value falls back to `20`."
  it.each([
    ['0', 1],
    ['-3', 1],
    ['100', 50],
    ['abc', 20],
    ['', 20],
  ])('limit=%s gives pages of %i', async (limit, size) => {
    await seed(55);
    const res = await call(server.url, '/journeys/runs', { query: { limit } });
    expect(res.status).toBe(200);
    expect(res.body.runs).toHaveLength(size);
  });

  // start_date: "An inclusive lower bound on `created_at`, as an ISO 8601 date or timestamp (e.g.
  // `2026-08-18` or `2026-08-18T20:06:36.259Z`). Any other format returns `400`."
  // end_date: "An inclusive upper bound on `created_at`, in the same format as `start_date`."
  it('both bounds are inclusive: start_date = end_date = created_at finds the run', async () => {
    const [runId] = await seed(1);
    const createdAt = server.run(runId as string)?.created_at as string;
    const res = await call(server.url, '/journeys/runs', { query: { start_date: createdAt, end_date: createdAt } });
    expect(res.status).toBe(200);
    expect(res.body.runs.map((r: { run_id: string }) => r.run_id)).toEqual([runId]);
  });

  it('a date-only bound covers that whole day in UTC', async () => {
    const [runId] = await seed(1);
    const day = (server.run(runId as string)?.created_at as string).slice(0, 10);
    const res = await call(server.url, '/journeys/runs', { query: { start_date: day, end_date: day } });
    expect(res.body.runs.map((r: { run_id: string }) => r.run_id)).toEqual([runId]);
  });

  it.each(['Aug 18 2026', '18/08/2026', '1787000000000', '2026-08-18 20:06'])('%s is not ISO 8601: 400', async (value) => {
    for (const name of ['start_date', 'end_date']) {
      const res = await call(server.url, '/journeys/runs', { query: { [name]: value } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: expect.stringContaining(name), type: 'invalid_request_error' });
    }
  });

  it.each(['2026-08-18', '2026-08-18T20:06:36.259Z', '2026-08-18T20:06:36Z', '2026-08-18T22:06:36+02:00'])('%s is ISO 8601: 200', async (value) => {
    const res = await call(server.url, '/journeys/runs', { query: { start_date: value } });
    expect(res.status).toBe(200);
  });

  // JourneyRunListItem: "A Journey run as it appears in a list response, without `updated_at`."
  it('list items have no updated_at; the single run read has it', async () => {
    const [runId] = await seed(1);
    const list = await call(server.url, '/journeys/runs');
    expect(list.body.runs[0]).not.toHaveProperty('updated_at');
    const one = await call(server.url, `/journeys/runs/${runId}`);
    expect(one.body.run.updated_at).toEqual(expect.any(String));
  });

  // JourneyRun.source: "e.g. `invoke/<journey_id>` ... Diagnostic only".
  it('source reads invoke/<journey id> for an invoked run', async () => {
    const [runId] = await seed(1);
    const one = await call(server.url, `/journeys/runs/${runId}`);
    expect(one.body.run.source).toEqual(['invoke/welcome']);
  });
});

describe('journey definitions (courier-node journeys.ts: list, retrieve, listVersions)', () => {
  let defined: FakeCourierServer;
  beforeAll(async () => {
    defined = await startFakeCourier({ journeyDefinitions: DEFINITIONS });
  });
  afterAll(() => defined.close());
  const names = (body: { templates: { id: string }[] }): string[] => body.templates.map((t) => t.id);

  // list: "Lists the workspace's journeys"; JourneyListParams.version: "published ... or draft ... Defaults to published."
  it('GET /journeys lists the published journeys by default, every journey with version=draft', async () => {
    const published = await call(defined.url, '/journeys');
    expect(published.status).toBe(200);
    expect(names(published.body)).toEqual(['welcome', 'digest']);
    expect(published.body.templates[0]).toEqual({
      id: 'welcome',
      name: 'Welcome',
      version: 'published',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const drafts = await call(defined.url, '/journeys', { query: { version: 'draft' } });
    expect(names(drafts.body)).toEqual(['welcome', 'digest', 'in-progress']);
    expect(drafts.body.templates[0].name).toBe('Welcome v3 draft');
    // JourneysListResponse.cursor: "Present when there are more results available."
    expect(published.body).not.toHaveProperty('cursor');
  });

  it('GET /journeys pages by cursor', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ id: `j${i}`, name: `J${i}`, nodes: [trigger, exit] }));
    await using server = await startFakeCourier({ journeyDefinitions: many });
    const first = await call(server.url, '/journeys');
    expect(first.body.templates).toHaveLength(20);
    const second = await call(server.url, '/journeys', { query: { cursor: first.body.cursor } });
    expect(names(second.body)).toEqual(['j20', 'j21', 'j22', 'j23', 'j24']);
    expect(second.body).not.toHaveProperty('cursor');
  });

  it('a fake with no definitions lists none and still accepts invokes for any template', async () => {
    expect((await call(server.url, '/journeys')).body).toEqual({ templates: [] });
    expect((await call(server.url, '/journeys/anything')).status).toBe(404);
    await invoke(server.url, 'anything');
  });

  // retrieve: "Pass `?version=draft` (default `published`) to retrieve the working draft, or `?version=vN`
  // to retrieve a historical version"; JourneyResponse fields.
  it.each([
    ['published (the default)', {}, 'v2', 'send-1'],
    ['draft', { version: 'draft' }, undefined, 'send-2'],
    ['v1', { version: 'v1' }, 'v1', undefined],
  ])("GET /journeys/{id} at %s answers the journey with that version's nodes", async (_name, query, _version, sendNode) => {
    const res = await call(defined.url, '/journeys/welcome', { query: query });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([
      'created',
      'creator',
      'enabled',
      'id',
      'name',
      'nodes',
      'published',
      'state',
      'updated',
      'updater',
    ]);
    expect(res.body).toMatchObject({ id: 'welcome', enabled: true, state: 'PUBLISHED' });
    expect(res.body.nodes.map((n: { id: string }) => n.id)).toEqual(
      sendNode === undefined ? ['trigger-1', 'exit-1'] : ['trigger-1', sendNode, 'exit-1'],
    );
  });

  it.each([
    ['an unknown journey', '/journeys/nope', {}],
    ['an unknown version', '/journeys/welcome', { version: 'v9' }],
    ['the published version of a draft-only journey', '/journeys/in-progress', {}],
    ['the versions of an unknown journey', '/journeys/nope/versions', {}],
  ])('404 for %s', async (_name, path, query) => {
    const res = await call(defined.url, path, { query: query });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: expect.any(String), type: 'invalid_request_error' });
  });

  // listVersions: "Lists a journey's published versions, most recent first"; JourneyVersionsListResponse { paging, results }.
  it('GET /journeys/{id}/versions lists the published versions, most recent first', async () => {
    const res = await call(defined.url, '/journeys/welcome/versions');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      paging: { more: false },
      results: [
        {
          version: 'v2',
          name: 'Welcome',
          creator: null,
          created: Date.parse('2026-09-01T00:00:00.000Z'),
          published: Date.parse('2026-09-01T00:00:00.000Z'),
        },
        {
          version: 'v1',
          name: 'Welcome',
          creator: null,
          created: Date.parse('2026-08-01T00:00:00.000Z'),
          published: Date.parse('2026-08-01T00:00:00.000Z'),
        },
      ],
    });
  });
});
