import { describe, expect, it } from 'vitest';
import { JourneysApiError, JourneysValidationError, apiInvokeTrigger, type JourneysCallEvent } from '../../src/index.js';
import { json } from '@journeykit/test-support/local-server';
import { useScriptedServer } from '../support/scripted-server.js';

// Wire shapes from courier-node 9.1.0, src/resources/journeys/journeys.ts: `JourneysListResponse`
// ({ templates, cursor? }), `JourneyResponse` (the journey with `nodes`), `JourneyVersionsListResponse`
// ({ paging: { more, cursor? }, results }), and `JourneyAPIInvokeTriggerNode` (`schema`: "A JSONSchema
// object (Draft-07-compatible). Validated at runtime by Ajv.").
const KEY = 'sk_test_definitions_0123456789';
const { server, client, script } = useScriptedServer({ apiKey: KEY, retryDelayMs: 1 });
const summary = (id: string) => ({ id, name: id.toUpperCase(), version: 'published', createdAt: '2026-01-01T00:00:00.000Z' });
const detail = {
  id: 'welcome',
  name: 'Welcome',
  nodes: [
    { id: 'trigger-1', type: 'trigger', trigger_type: 'api-invoke', schema: { type: 'object', required: ['plan'] } },
    { id: 'exit-1', type: 'exit' },
  ],
  state: 'PUBLISHED',
  enabled: true,
  created: 1,
  creator: null,
  published: 2,
  updated: 3,
  updater: null,
};

describe('journeys.list', () => {
  it('GET /journeys?version=, following cursor page by page as the loop asks', async () => {
    script(
      (_q, res) => json(res, 200, { templates: [summary('a'), summary('b')], cursor: 'c2' }),
      (_q, res) => json(res, 200, { templates: [summary('c')] }),
    );
    const ids: string[] = [];
    for await (const j of client().journeys.list({ version: 'draft' })) ids.push(j.id);
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', '/journeys?version=draft'],
      ['GET', '/journeys?version=draft&cursor=c2'],
    ]);
    expect(server.requests[0]?.headers['idempotency-key']).toBeUndefined();
  });

  it('is retried on 503 like every call, and hooks see kind journeys.list', async () => {
    script(
      (_q, res) => json(res, 503, { message: 'busy' }),
      (_q, res) => json(res, 200, { templates: [summary('a')] }),
    );
    const kinds: string[] = [];
    const c = client({ hooks: { onRequest: (e: JourneysCallEvent) => void kinds.push(e.kind) } });
    const all = [];
    for await (const j of c.journeys.list()) all.push(j);
    expect(all).toEqual([summary('a')]);
    expect(kinds).toEqual(['journeys.list', 'journeys.list']);
    expect(server.requests.map((r) => r.url)).toEqual(['/journeys', '/journeys']);
  });

  it('a version that is neither published nor draft is a validation error; nothing is sent', async () => {
    const iterate = async () => {
      for await (const _ of client().journeys.list({ version: 'v2' as 'draft' }));
    };
    await expect(iterate()).rejects.toThrow(JourneysValidationError);
    await expect(iterate()).rejects.toThrow(/version.*published or draft/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('journeys.get', () => {
  it('GET /journeys/{templateId}?version=vN with the id encoded; the trigger schema is reachable', async () => {
    script((_q, res) => json(res, 200, detail));
    const journey = await client().journeys.get('wel come', { version: 'v2' });
    expect(server.requests[0]?.url).toBe('/journeys/wel%20come?version=v2');
    expect(journey).toEqual(detail);
    expect(apiInvokeTrigger(journey.nodes)?.schema).toEqual({ type: 'object', required: ['plan'] });
  });

  it('an unknown journey is JourneysApiError with status 404, after one attempt', async () => {
    script((_q, res) => json(res, 404, { message: 'Journey not found' }));
    const error = await client()
      .journeys.get('nope')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysApiError);
    expect(error).toMatchObject({ status: 404 });
    expect((error as Error).message).toMatch(/journey "nope"/);
    expect(server.requests).toHaveLength(1);
  });

  it('bad input is rejected before sending: empty id, a version that is not draft/published/vN', async () => {
    await expect(client().journeys.get('')).rejects.toThrow(JourneysValidationError);
    await expect(client().journeys.get('welcome', { version: 'latest' })).rejects.toThrow(/draft, published or vN/);
    expect(server.requests).toHaveLength(0);
  });

  it('an answer without nodes is a typed API error, not a TypeError later', async () => {
    script((_q, res) => json(res, 200, { id: 'welcome', name: 'Welcome' }));
    await expect(client().journeys.get('welcome')).rejects.toThrow(JourneysApiError);
  });

  it('the key echoed in an answer does not reach the caller', async () => {
    script((_q, res) => json(res, 200, { ...detail, name: `Welcome ${KEY}` }));
    const journey = await client().journeys.get('welcome');
    expect(JSON.stringify(journey)).not.toContain(KEY);
  });
});

describe('journeys.versions', () => {
  it('GET /journeys/{templateId}/versions, every page, most recent first', async () => {
    const v = (version: string) => ({ version, name: 'Welcome', created: 1, creator: null, published: 2 });
    script(
      (_q, res) => json(res, 200, { paging: { more: true, cursor: 'p2' }, results: [v('v3'), v('v2')] }),
      (_q, res) => json(res, 200, { paging: { more: false }, results: [v('v1')] }),
    );
    const versions = await client().journeys.versions('welcome');
    expect(versions.map((x) => x.version)).toEqual(['v3', 'v2', 'v1']);
    expect(server.requests.map((r) => r.url)).toEqual(['/journeys/welcome/versions', '/journeys/welcome/versions?cursor=p2']);
  });
});
