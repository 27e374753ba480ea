import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { JourneysClient, type JourneysHooks } from '../../src/index.js';
import { json, startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

let server: LocalServer;
const clients: JourneysClient[] = [];
function client(hooks: JourneysHooks): JourneysClient {
  const c = new JourneysClient({ apiKey: 'sk_test_hooks', baseUrl: server.url, retryDelayMs: 1, hooks });
  clients.push(c);
  return c;
}

/** Collects process warnings and unhandled rejections while `run` goes, and a few turns after it. */
async function observe(run: () => Promise<unknown>): Promise<{ outcome: unknown; warnings: string[]; unhandled: unknown[] }> {
  const warnings: string[] = [];
  const unhandled: unknown[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('warning', onWarning);
  process.on('unhandledRejection', onUnhandled);
  try {
    const outcome = await run().catch((err: unknown) => err);
    // Warnings are emitted on the next tick; rejections are reported after the microtask queue drains.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    return { outcome, warnings, unhandled };
  } finally {
    process.off('warning', onWarning);
    process.off('unhandledRejection', onUnhandled);
  }
}

beforeAll(async () => {
  server = await startLocalServer((_q, res) => json(res, 200, { runId: 'run-hooks' }));
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  server.requests.length = 0;
});
afterAll(() => server.close());

describe('a hook never changes the outcome of a call', () => {
  it("where process has no emitWarning (Next's edge runtime gives process only env), a failed hook is still reported, on console.warn", async () => {
    const emitWarning = Object.getOwnPropertyDescriptor(process, 'emitWarning');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    Object.defineProperty(process, 'emitWarning', { value: undefined, configurable: true, writable: true });
    try {
      const c = client({
        onResponse: () => {
          throw new Error('metrics down');
        },
      });
      await expect(c.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: 'run-hooks' });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('journeykit: a hook failed and was ignored: metrics down');
    } finally {
      if (emitWarning) Object.defineProperty(process, 'emitWarning', emitWarning);
      warn.mockRestore();
    }
  });

  it('an async hook that rejects is reported as a warning, not as an unhandled rejection', async () => {
    const c = client({
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- an async hook where a void one is typed: what this test is about
      onResponse: async () => {
        await Promise.resolve();
        throw new Error('metrics down');
      },
    });
    const { outcome, warnings, unhandled } = await observe(() => c.invoke('welcome', { user_id: 'u1' }));
    expect(outcome).toEqual({ runId: 'run-hooks' });
    expect(unhandled).toEqual([]);
    expect(warnings.some((w) => w.includes('metrics down'))).toBe(true);
  });

  const unprintable: [string, () => unknown][] = [
    ['Object.create(null)', () => Object.create(null)],
    [
      'an object whose toString throws',
      () => ({
        toString: () => {
          throw new Error('no');
        },
      }),
    ],
    [
      'an Error whose message getter throws',
      () =>
        Object.defineProperty(new Error('x'), 'message', {
          get: () => {
            throw new Error('no');
          },
        }),
    ],
    ['a Symbol', () => Symbol('s')],
    [
      'a thenable whose then getter throws',
      () =>
        Object.defineProperty({}, 'then', {
          get: () => {
            throw new Error('no');
          },
        }),
    ],
  ];

  for (const hookName of ['onRequest', 'onResponse'] as const) {
    it.each(unprintable)(`${hookName} throwing %s: the created run is returned, one request sent`, async (_name, make) => {
      const c = client({
        [hookName]: () => {
          throw make();
        },
      });
      const { outcome, warnings, unhandled } = await observe(() => c.invoke('welcome', { user_id: 'u1' }));
      expect(outcome).toEqual({ runId: 'run-hooks' });
      expect(server.requests).toHaveLength(1);
      expect(unhandled).toEqual([]);
      expect(warnings.some((w) => w.startsWith('journeykit: a hook failed'))).toBe(true);
    });
  }

  it("an onRequest hook that aborts the call's signal stops the attempt before anything is sent, and frees its connection", async () => {
    const controller = new AbortController();
    const c = new JourneysClient({
      apiKey: 'sk_test_hooks',
      baseUrl: server.url,
      connections: 1,
      hooks: { onRequest: (e) => (e.userId === 'stop' ? controller.abort(new Error('stop')) : undefined) },
    });
    clients.push(c);
    await expect(c.invoke('welcome', { user_id: 'stop' }, { signal: controller.signal })).rejects.toMatchObject({ code: 'ERR_JOURNEYS_ABORT' });
    expect(server.requests).toHaveLength(0);
    // The one connection slot was given back: the next call goes out.
    await expect(c.invoke('welcome', { user_id: 'u2' })).resolves.toEqual({ runId: 'run-hooks' });
  });

  it("an async onError that rejects leaves the call's own error in place", async () => {
    server.respond = (_q, res) => json(res, 404, { message: 'no such journey' });
    try {
      const c = client({
        // eslint-disable-next-line @typescript-eslint/no-misused-promises -- an async hook where a void one is typed: what this test is about
        onError: async () => {
          throw Object.create(null);
        },
      });
      const { outcome, unhandled } = await observe(() => c.invoke('nope', { user_id: 'u1' }));
      expect(outcome).toMatchObject({ code: 'ERR_JOURNEYS_API', status: 404 });
      expect(unhandled).toEqual([]);
    } finally {
      server.respond = (_q, res) => json(res, 200, { runId: 'run-hooks' });
    }
  });
});
