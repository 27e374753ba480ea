import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysClient } from '../../src/index.js';
import { json, startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

// A key journeykit makes up: `journeykit-` and a UUID v4, so a server log tells it from a key the
// caller chose (stripe-node does the same: `stripe-node-retry-<uuid>`, `_defaultIdempotencyKey` in
// its src/RequestSender.ts). 47 characters: within core's 255 and any header limit.
const GENERATED_KEY = /^journeykit-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the exact wire request', () => {
  let server: LocalServer;
  let client: JourneysClient;
  beforeAll(async () => {
    server = await startLocalServer();
    client = new JourneysClient({ apiKey: 'sk_test_wire', baseUrl: server.url });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it.each([
    ['welcome', '/journeys/welcome/invoke'],
    ['a/b', '/journeys/a%2Fb/invoke'],
    ['héllo wörld', '/journeys/h%C3%A9llo%20w%C3%B6rld/invoke'],
    ['x?y#z', '/journeys/x%3Fy%23z/invoke'],
    ['...', '/journeys/.../invoke'],
  ])('templateId %j goes to %s', async (templateId, path) => {
    server.requests.length = 0;
    await client.invoke(templateId, { user_id: 'u1' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${path}`]);
  });

  it('sends Bearer auth, JSON, an idempotency key, and the body exactly as given', async () => {
    server.requests.length = 0;
    const request = {
      user_id: 'user-123',
      profile: { email: 'a@example.com', context: { tenant_id: 't-1' }, 'odd key': [1, 'two'] },
      data: { order_id: 'order-456', amount: 99.99, nested: { ok: true, none: null } },
    };
    const { runId } = await client.invoke('order-shipped', request);
    expect(runId).toBe('run-1');
    const [seen] = server.requests;
    expect(seen?.headers.authorization).toBe('Bearer sk_test_wire');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers['user-agent']).toMatch(/^journeykit\/\d+\.\d+\.\d+/);
    expect(seen?.headers['idempotency-key']).toMatch(GENERATED_KEY);
    expect(seen?.headers['content-length']).toBe(String(Buffer.byteLength(seen?.body ?? '')));
    expect(JSON.parse(seen?.body ?? '')).toEqual(request);
    expect(seen?.body).toBe(JSON.stringify(request));
  });

  it('uses the given idempotency key, and a fresh one per call otherwise', async () => {
    server.requests.length = 0;
    await client.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'order-1-placed' });
    await client.invoke('welcome', { user_id: 'u1' });
    await client.invoke('welcome', { user_id: 'u1' });
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBe('order-1-placed');
    expect(new Set(keys).size).toBe(3);
  });

  it.each([
    ['invoke', (c: JourneysClient) => c.invoke('welcome', { user_id: 'u1' })],
    ['cancel', (c: JourneysClient) => c.cancel({ run_id: 'r-1' })],
    [
      'an invokeMany item',
      async (c: JourneysClient) => {
        for await (const r of c.invokeMany([{ templateId: 'welcome', request: { user_id: 'u1' } }])) expect(r.ok).toBe(true);
      },
    ],
  ])("the key generated for %s says it is journeykit's: journeykit-<uuid>", async (_name, call) => {
    server.requests.length = 0;
    server.respond = (req, res) =>
      req.url === '/journeys/cancel' ? json(res, 202, { run_id: 'r-1', status: 'CANCELED' }) : json(res, 200, { runId: 'run-1' });
    await call(client);
    const key = String(server.requests[0]?.headers['idempotency-key']);
    expect(key).toMatch(GENERATED_KEY);
    expect(key).toHaveLength(47);
  });

  it('keeps a base URL path prefix', async () => {
    const prefixed = new JourneysClient({ apiKey: 'k', baseUrl: `${server.url}/courier/` });
    server.requests.length = 0;
    await prefixed.invoke('welcome', { user_id: 'u1' });
    await prefixed.close();
    expect(server.requests[0]?.url).toBe('/courier/journeys/welcome/invoke');
  });

  it('reuses keep-alive connections instead of opening one per call', async () => {
    const ports = new Set<number>();
    server.respond = (_req, res, socket) => {
      ports.add(socket.remotePort ?? 0);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"runId":"r"}');
    };
    for (let i = 0; i < 20; i++) await client.invoke('welcome', { user_id: 'u1' });
    // undici may hand the next call to a second socket while the first one drains; never one per call.
    expect(ports.size).toBeLessThanOrEqual(2);
  });
});
