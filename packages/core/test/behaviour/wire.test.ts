import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysClient } from '../../src/index.js';
import { startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

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
    expect(seen?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
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
