import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  JourneysAbortError,
  JourneysClient,
  JourneysConfigurationError,
  JourneysValidationError,
  defineJourneys,
  type JourneysClientOptions,
} from '../../src/index.js';
import { json, startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});
async function setup(respond?: Parameters<typeof startLocalServer>[0], options: JourneysClientOptions = {}) {
  const server: LocalServer = await startLocalServer(respond);
  const client = new JourneysClient({ apiKey: 'sk_test_abort_0123', baseUrl: server.url, retryDelayMs: 1, ...options });
  cleanup.push(
    () => client.close(),
    () => server.close(),
  );
  return { server, client };
}

describe('abort at every moment', () => {
  it('between invoke() and the first send (the pool is created on the first call)', async () => {
    const { server, client } = await setup();
    const controller = new AbortController();
    const call = client.invoke('welcome', { user_id: 'u1' }, { signal: controller.signal });
    controller.abort(new Error('user left'));
    const error = await call.catch((e) => e);
    expect(error).toBeInstanceOf(JourneysAbortError);
    expect(error.cause).toEqual(new Error('user left'));
    expect(server.requests).toHaveLength(0);
  });

  it('from inside a hook before the backoff wait: the wait ends at once, no retry', async () => {
    const controller = new AbortController();
    const { server, client } = await setup((_q, res) => json(res, 429, {}, { 'retry-after': '5' }), {
      hooks: { onRetry: () => controller.abort() },
    });
    const started = Date.now();
    const error = await client.invoke('welcome', { user_id: 'u1' }, { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(JourneysAbortError);
    // Retry-After asked for 5 s: anything well under that shows the wait was cut, even on a loaded machine.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(1);
  });

  it('one signal shared by many calls adds one listener and no MaxListeners warning', async () => {
    const { client } = await setup((_q, res) => setTimeout(() => json(res, 200, { runId: 'r' }), 20));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const controller = new AbortController();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => client.invoke('welcome', { user_id: `u${i}` }, { signal: controller.signal })),
    );
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(results).toHaveLength(40);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('an abort during a wait keeps the reason as the cause, like an abort during an attempt', async () => {
    const controller = new AbortController();
    // Aborted once the wait for Retry-After has begun.
    const onRetry = () => void setImmediate(() => controller.abort('shutting down'));
    const { client } = await setup((_q, res) => json(res, 503, {}, { 'retry-after': '5' }), { hooks: { onRetry } });
    const error = await client.invoke('welcome', { user_id: 'u1' }, { signal: controller.signal }).catch((e) => e);
    expect(error.cause).toBe('shutting down');
  });
});

describe('limits and unreadable input are typed errors', () => {
  it.each([
    ['timeoutMs over the timer maximum', { timeoutMs: 2 ** 31 }],
    ['maxRetryAfterMs over the timer maximum', { maxRetryAfterMs: 2 ** 31 }],
    ['timeoutMs Infinity', { timeoutMs: Number.POSITIVE_INFINITY }],
  ])('refuses %s', (_name, options) => {
    expect(() => new JourneysClient({ apiKey: 'k', ...options })).toThrow(JourneysConfigurationError);
  });

  it('a retryDelayMs policy asking for years waits the longest a timer can, not 1 ms', async () => {
    let n = 0;
    const { server, client } = await setup((_q, res) => (n++ === 0 ? json(res, 503, {}) : json(res, 200, { runId: 'r' })), {
      retryDelayMs: () => 1e12,
    });
    const controller = new AbortController();
    // A real sleep on purpose: it shows the retry does NOT come within 100 ms (a 1 ms wait would have).
    setTimeout(() => controller.abort(), 100);
    const error = await client.invoke('welcome', { user_id: 'u1' }, { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(JourneysAbortError); // still waiting after 100 ms
    expect(server.requests).toHaveLength(1);
  });

  const proxy = new Proxy(
    {},
    {
      getPrototypeOf: () => {
        throw new TypeError('no prototype for you');
      },
    },
  );
  const throwingOptions = Object.defineProperty({}, 'idempotencyKey', {
    get: () => {
      throw new TypeError('getter broke');
    },
  });
  const catalog = defineJourneys({
    w: {
      data: {
        '~standard': {
          version: 1,
          vendor: 'test',
          validate: () => {
            throw new TypeError('schema broke');
          },
        },
      },
    },
  });
  it.each([
    ['a lone surrogate in templateId', () => ({ t: 'welcome\uD800', r: { user_id: 'u1' }, o: undefined }), /lone UTF-16 surrogate/],
    ['a Proxy request that refuses getPrototypeOf', () => ({ t: 'welcome', r: proxy, o: undefined }), /could not be read: no prototype for you/],
    ['options with a throwing getter', () => ({ t: 'welcome', r: { user_id: 'u1' }, o: throwingOptions }), /could not be read: getter broke/],
  ])('%s', async (_name, make, message) => {
    const { server, client } = await setup();
    const { t, r, o } = make();
    const error = await client.invoke(t, r as never, o as never).catch((e) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  it('a catalog schema that throws', async () => {
    const { server } = await setup();
    const client = new JourneysClient({ apiKey: 'k', baseUrl: server.url, catalog });
    cleanup.push(() => client.close());
    const error = await client.invoke('w', { user_id: 'u1', data: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect(error.message).toMatch(/journey "w": the data schema threw: schema broke/);
    expect(server.requests).toHaveLength(0);
  });

  it('zod is still fine as a schema', () => {
    expect(() => defineJourneys({ a: { data: z.object({}) } })).not.toThrow();
  });
});
