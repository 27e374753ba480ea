import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JourneysClient, JourneysConfigurationError, JourneysValidationError, defineJourneys } from '../../src/index.js';
import { isJourneyCatalog, journeysHttpAnswer, prepareInvocation } from '../../src/internal.js';
import { startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

const catalog = defineJourneys({
  'order-shipped': { data: z.object({ order_id: z.string(), eta: z.string(), items: z.array(z.object({ sku: z.string() })).optional() }) },
  welcome: {},
});

describe('journey catalog at run time', () => {
  let server: LocalServer;
  let client: JourneysClient<typeof catalog>;
  beforeAll(async () => {
    server = await startLocalServer();
    client = new JourneysClient({ apiKey: 'k', baseUrl: server.url, catalog });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('sends valid data as given', async () => {
    const data = { order_id: 'o1', eta: 'tomorrow' };
    await expect(client.invoke('order-shipped', { user_id: 'u1', data })).resolves.toEqual({ runId: 'run-1' });
    expect(JSON.parse(server.requests.at(-1)?.body ?? '')).toEqual({ user_id: 'u1', data });
  });

  it('rejects data that fails the schema, naming the journey and the field path, and sends nothing', async () => {
    const before = server.requests.length;
    const error = await client.invoke('order-shipped', { user_id: 'u1', data: { order_id: 7, items: [{ sku: 1 }] } } as never).catch((e) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect(error.issues.map((i: { path: unknown[] }) => i.path)).toEqual([
      ['data', 'order_id'],
      ['data', 'eta'],
      ['data', 'items', 0, 'sku'],
    ]);
    expect(error.message).toContain('data.order_id: journey "order-shipped":');
    expect(error.message).toContain('data.items[0].sku: journey "order-shipped":');
    expect(server.requests.length).toBe(before);
  });

  it('reports catalog problems together with the basic ones', () => {
    let error: unknown;
    try {
      prepareInvocation('order-shipped', { data: { order_id: 'o1' } }, undefined, undefined, catalog);
    } catch (e) {
      error = e;
    }
    expect((error as JourneysValidationError).issues.map((i) => i.path.join('.'))).toEqual(['data.eta']);
  });

  it('rejects journeys outside the catalog as a bug in the calling code (a configuration error), pointing at the escape hatch', async () => {
    const error = await client.invoke('beta' as never, { user_id: 'u1' } as never).catch((e) => e);
    expect(error).toBeInstanceOf(JourneysConfigurationError);
    expect(journeysHttpAnswer(error)).toEqual({
      status: 500,
      code: 'ERR_JOURNEYS_CONFIG',
      message: 'Notifications are not configured correctly on this server',
    });
    expect(error.message).toMatch(/"beta" is not in the journey catalog \(known: order-shipped, welcome\).*\.untyped/);
    // The one configuration error no retry fixes: the outbox dead-letters it and the CLI files it "to fix".
    expect(error.notInCatalog).toBe(true);
    expect(new JourneysConfigurationError('undici could not be loaded').notInCatalog).toBeUndefined();
  });

  it('untyped calls any journey and skips the schema', async () => {
    await expect(client.untyped.invoke('beta', { user_id: 'u1', data: { anything: 1 } })).resolves.toEqual({ runId: 'run-1' });
    expect(server.requests.at(-1)?.url).toBe('/journeys/beta/invoke');
  });

  it('journeys without a schema take any data', async () => {
    await expect(client.invoke('welcome', { user_id: 'u1', data: { x: 1 } })).resolves.toEqual({ runId: 'run-1' });
  });

  it('refuses bad definitions and async schemas', () => {
    expect(() => defineJourneys({ '': {} })).toThrow(JourneysConfigurationError);
    expect(() => defineJourneys({ a: { data: { parse() {} } as never } })).toThrow(/Standard Schema/);
    const asyncCatalog = defineJourneys({ a: { data: z.object({ x: z.string() }).refine(async () => true) } });
    expect(() => prepareInvocation('a', { user_id: 'u', data: { x: 'y' } }, undefined, undefined, asyncCatalog)).toThrow(/asynchronous/);
    expect(() => new JourneysClient({ apiKey: 'k', catalog: { journeys: {} } as never })).toThrow(/defineJourneys/);
    expect(isJourneyCatalog(catalog)).toBe(true);
    expect(catalog.templateIds).toEqual(['order-shipped', 'welcome']);
  });
});
