import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysClient, JourneysValidationError, type JourneysCallEvent } from '../../src/index.js';
import { prepareInvocation } from '../../src/internal.js';
import { inTurn, json, startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

/** A getter that answers differently each time it is read (1, then NaN). */
function flipping(): Record<string, unknown> {
  let reads = 0;
  return Object.defineProperty({}, 'n', { enumerable: true, get: () => (reads++ === 0 ? 1 : Number.NaN) });
}

describe('what is validated is what is sent (each value is read once)', () => {
  let server: LocalServer;
  let client: JourneysClient;
  const seen: JourneysCallEvent[] = [];
  beforeAll(async () => {
    server = await startLocalServer();
    client = new JourneysClient({
      apiKey: 'sk_test_what_is_sent',
      baseUrl: server.url,
      maxRetries: 0,
      hooks: { onRequest: (event) => void seen.push(event) },
    });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it.each<[string, () => Record<string, unknown>, string]>([
    ['an invalid Date', () => ({ at: new Date('x') }), 'data.at'],
    ['a toJSON that returns NaN', () => ({ amount: { toJSON: () => Number.NaN } }), 'data.amount'],
    ['a toJSON that returns undefined', () => ({ amount: { toJSON: () => undefined } }), 'data.amount'],
    ['a toJSON that returns a function', () => ({ amount: { toJSON: () => () => 1 } }), 'data.amount'],
    ['a Date subclass whose toJSON returns a Map', () => ({ at: Object.assign(new Date(0), { toJSON: () => new Map() }) }), 'data.at'],
  ])('rejects %s instead of sending null or dropping the field', async (_name, data, path) => {
    server.requests.length = 0;
    const error = await client.invoke('welcome', { user_id: 'u1', data: data() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect((error as JourneysValidationError).issues.map((i) => i.path.join('.'))).toEqual([path]);
    expect(server.requests).toHaveLength(0);
  });

  it('reads a getter once: the value validated (1) is the value sent, never null', async () => {
    server.requests.length = 0;
    await client.invoke('welcome', { user_id: 'u1', data: flipping() });
    expect(server.requests[0]?.body).toBe('{"user_id":"u1","data":{"n":1}}');
  });

  it('sends the bytes validated on every attempt, whatever the caller changes after invoke() returns', async () => {
    server.requests.length = 0;
    server.respond = inTurn(
      (_req, res) => json(res, 503, { message: 'busy' }),
      (_req, res) => json(res, 200, { runId: 'run-1' }),
    );
    const retrying = new JourneysClient({ apiKey: 'sk_test_what_is_sent', baseUrl: server.url, maxRetries: 1, retryDelayMs: 0 });
    try {
      const items = [{ sku: 'a', qty: 1 }];
      const data: Record<string, unknown> = { items, note: 'n'.repeat(100_000) };
      const call = retrying.invoke('welcome', { user_id: 'u1', data });
      // The caller reuses its objects while the call is in flight, before the first attempt and before the retry.
      data.note = 'changed';
      items[0]!.qty = 2;
      items.push({ sku: 'b', qty: 3 });
      await expect(call).resolves.toEqual({ runId: 'run-1' });
      const sent = JSON.stringify({ user_id: 'u1', data: { items: [{ sku: 'a', qty: 1 }], note: 'n'.repeat(100_000) } });
      expect(server.requests.map((r) => r.body)).toEqual([sent, sent]);
    } finally {
      server.respond = (_req, res) => json(res, 200, { runId: 'run-1' });
      await retrying.close();
    }
  });

  it("validates and reports the request's own non-enumerable toJSON, which is what JSON.stringify sends", async () => {
    server.requests.length = 0;
    seen.length = 0;
    const request = Object.defineProperty({ user_id: 'u1' }, 'toJSON', {
      enumerable: false,
      value: () => ({ user_id: 'attacker', data: { injected: true } }),
    });
    await client.invoke('welcome', request);
    const body = server.requests[0]?.body;
    expect(body).toBe('{"user_id":"attacker","data":{"injected":true}}');
    // Hooks see the user the body names, not the one the object seemed to hold.
    expect(seen[0]?.userId).toBe('attacker');
    const prepared = prepareInvocation('welcome', request);
    expect(prepared.body).toBe(body);
    expect(prepared.request).toEqual(JSON.parse(body as string));
  });

  it('rejects a request whose toJSON turns it into something that is not a request', async () => {
    const request = Object.defineProperty({ user_id: 'u1' }, 'toJSON', { value: () => ({ user_id: 7, extra: 1 }) });
    const error = await client.invoke('welcome', request).catch((e: unknown) => e);
    expect((error as JourneysValidationError).issues.map((i) => i.path.join('.'))).toEqual(['user_id', 'extra']);
  });

  it('applies toJSON where JSON.stringify does (Dates, BigInt.prototype.toJSON) and sends the same bytes', () => {
    const big = BigInt.prototype as unknown as { toJSON?: () => string };
    big.toJSON = function (this: bigint) {
      return this.toString();
    };
    try {
      const request = { user_id: 'u1', data: { at: new Date(0), n: 12n, list: [new Date(1)], nested: { toJSON: (key: string) => `key=${key}` } } };
      const prepared = prepareInvocation('welcome', request);
      expect(prepared.body).toBe(JSON.stringify(request));
      expect(prepared.body).toContain('"nested":"key=nested"');
    } finally {
      delete big.toJSON;
    }
  });

  it('never mutates what the caller gave', () => {
    const data = { at: new Date(0), items: [{ a: 1 }], skip: undefined };
    const request = { user_id: 'u1', data };
    prepareInvocation('welcome', request);
    expect(request.data).toBe(data);
    expect(data.at).toBeInstanceOf(Date);
    expect(Object.keys(data)).toEqual(['at', 'items', 'skip']);
  });
});
