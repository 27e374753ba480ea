import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badInputs, goodInputs, named } from '@journeykit/test-support/cases';
import { startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';
import { JourneysClient, JourneysValidationError, type InvokeOptions, type InvokeRequest } from '../../src/index.js';
import { prepareInvocation } from '../../src/internal.js';

function pathsOf(err: unknown): string[] {
  expect(err).toBeInstanceOf(JourneysValidationError);
  return (err as JourneysValidationError).issues.map((i) => i.path.join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]'));
}

describe('validation: bad inputs are rejected, with every problem and its path, and nothing is sent', () => {
  let server: LocalServer;
  let client: JourneysClient;
  beforeAll(async () => {
    server = await startLocalServer();
    client = new JourneysClient({ apiKey: 'sk_test_validation', baseUrl: server.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it.each(named(badInputs))('%s', async (_name, { templateId, request, options, paths }) => {
    let syncError: unknown;
    try {
      prepareInvocation(templateId as string, request() as InvokeRequest, options?.());
    } catch (err) {
      syncError = err;
    }
    expect(pathsOf(syncError)).toEqual(paths);
    const error = await client
      .invoke(templateId as string, request() as InvokeRequest, options?.() as InvokeOptions | undefined)
      .catch((e: unknown) => e);
    expect(pathsOf(error)).toEqual(paths);
    expect((error as JourneysValidationError).code).toBe('ERR_JOURNEYS_VALIDATION');
    expect((error as Error).message).toContain('nothing was sent');
    expect(server.requests).toHaveLength(0);
  });

  it('names the field and says what to fix', async () => {
    const error = (await client.invoke('welcome', { user_id: 'u1', data: { items: [1, () => 2] } }).catch((e) => e)) as Error;
    expect(error.message).toMatch(/data\.items\[1\]: a function cannot be sent as JSON; remove it/);
  });

  it('rejects a body over maxRequestBytes before sending', async () => {
    const small = new JourneysClient({ apiKey: 'k', baseUrl: server.url, maxRequestBytes: 1000 });
    const error = await small.invoke('welcome', { user_id: 'u1', data: { blob: 'é'.repeat(600) } }).catch((e) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect(error.message).toMatch(/over the 1000-byte limit \(maxRequestBytes\)/);
    await small.close();
    expect(server.requests).toHaveLength(0);
  });

  it.each(named(goodInputs))('accepts %s', (_name, { templateId, request, options, userId }) => {
    const given = request() as InvokeRequest;
    const prepared = prepareInvocation(templateId, given, options?.());
    expect(prepared.userId).toBe(userId);
    expect(prepared.body).toBe(JSON.stringify(given));
  });

  it('never pollutes prototypes with __proto__ / constructor keys', () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    const prepared = prepareInvocation('welcome', { user_id: 'u1', data });
    expect(JSON.parse(prepared.body).data).toEqual(data);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('checks only own keys, as JSON does, even when Object.prototype was polluted', () => {
    (Object.prototype as Record<string, unknown>).pollutedFn = () => 1;
    try {
      const prepared = prepareInvocation('welcome', { user_id: 'u1', data: { nested: { ok: 1 } } });
      expect(prepared.body).toBe('{"user_id":"u1","data":{"nested":{"ok":1}}}');
      expect(() => prepareInvocation('welcome', { user_id: 'u1', data: { nested: { f: () => 1 } } })).toThrow(/data\.nested\.f/);
    } finally {
      delete (Object.prototype as Record<string, unknown>).pollutedFn;
    }
  });

  it('never mutates the caller objects', () => {
    const request = { user_id: 'u1', profile: { email: 'a@example.com' }, data: { list: [1, 2] } };
    const before = structuredClone(request);
    prepareInvocation('welcome', Object.freeze(request));
    expect(request).toEqual(before);
  });
});
