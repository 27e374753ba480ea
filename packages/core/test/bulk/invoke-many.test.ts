import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JourneysApiError,
  JourneysClient,
  JourneysConfigurationError,
  JourneysValidationError,
  invokeMany,
  type InvokeManyItem,
  type InvokeManyOptions,
  type InvokeManyResult,
  type InvokeOptions,
  type JourneysInvoker,
} from '../../src/index.js';
import { json, startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

async function collect(results: AsyncIterable<InvokeManyResult>): Promise<InvokeManyResult[]> {
  const out: InvokeManyResult[] = [];
  for await (const r of results) out.push(r);
  return out;
}

function items(n: number, templateId = 'welcome'): InvokeManyItem[] {
  return Array.from({ length: n }, (_, i) => ({ templateId, request: { user_id: `u${i}` } }));
}

/** An invoker that answers after `delayMs` and records how many calls overlapped (isolates the scheduler). */
function slowInvoker(delayMs: number) {
  const state = { inFlight: 0, maxInFlight: 0, calls: [] as { templateId: string; key: string | undefined }[] };
  const invoker: JourneysInvoker = {
    invoke(templateId, _request, options?: InvokeOptions) {
      state.calls.push({ templateId, key: options?.idempotencyKey });
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      return new Promise((resolve) =>
        setTimeout(() => {
          state.inFlight--;
          resolve({ runId: `run-${state.calls.length}` });
        }, delayMs),
      );
    },
  };
  return { invoker, state };
}

describe('invokeMany over a stub invoker (the scheduler alone)', () => {
  it('a 429 from a second copy of core (same code and status, another class) pauses the batch and retries the item too', async () => {
    // An app whose invoker was built with another copy of @journeykit/core throws that copy's errors:
    // the failure class is read from `code` and `status`, so `instanceof` does not decide.
    const keys: (string | undefined)[] = [];
    const invoker: JourneysInvoker = {
      invoke(_templateId, _request, options?: InvokeOptions) {
        keys.push(options?.idempotencyKey);
        if (keys.length > 1) return Promise.resolve({ runId: 'run-1' });
        return Promise.reject(Object.assign(new Error('Courier answered 429'), { code: 'ERR_JOURNEYS_API', status: 429, retryAfterMs: 0 }));
      },
    };
    const results = await collect(invokeMany(invoker, items(1)));
    expect(results).toEqual([{ index: 0, ok: true, runId: 'run-1' }]);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('yields one result per item, each index once, never more than `concurrency` in flight', async () => {
    const { invoker, state } = slowInvoker(3);
    const results = await collect(invokeMany(invoker, items(200), { concurrency: 7 }));
    expect(results).toHaveLength(200);
    expect(new Set(results.map((r) => r.index)).size).toBe(200);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(state.maxInFlight).toBe(7);
  });

  it('pulls from an endless generator only as fast as results are taken (bounded memory)', async () => {
    const { invoker } = slowInvoker(1);
    let pulled = 0;
    function* endless(): Generator<InvokeManyItem> {
      for (;;) {
        pulled++;
        yield { templateId: 'welcome', request: { user_id: `u${pulled}` } };
      }
    }
    let taken = 0;
    for await (const _ of invokeMany(invoker, endless(), { concurrency: 4 })) {
      taken++;
      // A slow consumer: the batch must wait for it rather than buffer results.
      await new Promise((r) => setTimeout(r, 2));
      if (taken === 100) break;
    }
    // Items in flight and results waiting are at most `concurrency` together, beyond what was taken.
    expect(pulled).toBeLessThanOrEqual(100 + 4 + 1);
  });

  it('with a reader that stops reading, at most `concurrency` finished results wait (issue 25: 8 waited at concurrency 4)', async () => {
    const answers: (() => void)[] = [];
    let started = 0;
    const invoker: JourneysInvoker = {
      invoke: () => {
        started++;
        const runId = `run-${started}`;
        return new Promise((resolve) => answers.push(() => resolve({ runId })));
      },
    };
    const batch = invokeMany(invoker, items(100), { concurrency: 4 });
    const first = batch.next();
    // Answer every call until the batch starts no more: the reader took one result and stopped.
    while (answers.length > 0) {
      for (const answer of answers.splice(0)) answer();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await first).done).toBe(false);
    const waiting = started - 1;
    // Exactly `concurrency`: never more waits, and the batch does not stall below it either.
    expect(waiting).toBe(4);
    await batch.return?.();
  });

  it('break waits for the items in flight before the loop exits', async () => {
    const { invoker, state } = slowInvoker(20);
    for await (const r of invokeMany(invoker, items(50), { concurrency: 5 })) {
      expect(r.ok).toBe(true);
      break;
    }
    expect(state.inFlight).toBe(0);
    expect(state.calls.length).toBeLessThan(50);
  });

  it('abort stops starting items; those in flight settle and are yielded, nothing else', async () => {
    const { invoker, state } = slowInvoker(10);
    const controller = new AbortController();
    const results: InvokeManyResult[] = [];
    for await (const r of invokeMany(invoker, items(1000), { concurrency: 8, signal: controller.signal })) {
      results.push(r);
      if (results.length === 20) controller.abort();
    }
    expect(state.inFlight).toBe(0);
    // Every started item got its result, and the batch stopped well short of the input.
    expect(results).toHaveLength(state.calls.length);
    expect(results.length).toBeGreaterThanOrEqual(20);
    expect(results.length).toBeLessThanOrEqual(20 + 2 * 8);
  });

  it.each([
    [
      'an async generator',
      (state: { returned: boolean }): AsyncIterable<InvokeManyItem> =>
        (async function* quiet() {
          try {
            yield* items(2);
            await new Promise(() => {}); // like stdin with nobody typing
          } finally {
            state.returned = true;
          }
        })(),
      false,
    ],
    [
      'an async iterator with return()',
      (state: { returned: boolean }): AsyncIterable<InvokeManyItem> => {
        const queue = items(2);
        return {
          [Symbol.asyncIterator]: () => ({
            next: () => (queue.length > 0 ? Promise.resolve({ done: false, value: queue.shift() as InvokeManyItem }) : new Promise(() => {})),
            return: () => {
              state.returned = true;
              return Promise.resolve({ done: true, value: undefined });
            },
          }),
        };
      },
      true,
    ],
  ] as const)('abort ends the iteration while %s waits for its next item (issue 23: it ran on 4.5 s after abort)', async (_name, source, returns) => {
    const { invoker, state } = slowInvoker(5);
    const controller = new AbortController();
    const sourceState = { returned: false };
    const results: InvokeManyResult[] = [];
    let abortedAt = 0;
    const ended = (async () => {
      for await (const r of invokeMany(invoker, source(sourceState), { concurrency: 4, signal: controller.signal })) {
        results.push(r);
        if (results.length === 2) {
          abortedAt = performance.now();
          controller.abort();
        }
      }
      return performance.now();
    })();
    const endedAt = await Promise.race([ended, new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))]);
    expect(endedAt, 'the iteration was still running 5 s into the test, long after abort()').toBeDefined();
    // With room for a loaded CI machine; before the fix it ran on for 4.5 s.
    expect((endedAt as number) - abortedAt).toBeLessThan(1_000);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(state.inFlight).toBe(0);
    // A hand-written iterator is told to clean up; a generator parked in an await cannot be until it wakes.
    expect(sourceState.returned).toBe(returns);
  });

  it('an item the source hands over in the same tick as the abort is not started (the review of issue 23)', async () => {
    const { invoker, state } = slowInvoker(1);
    const controller = new AbortController();
    let pulled = 0;
    // The third next() aborts and then hands its item over at once: the abort lands before the
    // batch's await on that step wakes up.
    const source: AsyncIterable<InvokeManyItem> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          if (++pulled === 3) controller.abort();
          return Promise.resolve({ done: false, value: { templateId: 'welcome', request: { user_id: `u${pulled}` } } });
        },
      }),
    };
    const results = await collect(invokeMany(invoker, source, { concurrency: 4, signal: controller.signal }));
    expect(state.calls).toHaveLength(2);
    expect(results.map((r) => r.index)).toEqual([0, 1]);
  });

  it('an already-aborted signal starts nothing', async () => {
    const { invoker, state } = slowInvoker(1);
    const results = await collect(invokeMany(invoker, items(10), { signal: AbortSignal.abort() }));
    expect(results).toEqual([]);
    expect(state.calls).toEqual([]);
  });

  it('limits the start rate with a token bucket: no window holds more starts than the rate allows', async () => {
    const starts: number[] = [];
    const invoker: JourneysInvoker = {
      invoke: async () => {
        starts.push(performance.now());
        return { runId: 'r' };
      },
    };
    const started = performance.now();
    const results = await collect(invokeMany(invoker, items(60), { concurrency: 60, ratePerSecond: 100 }));
    const elapsed = performance.now() - started;
    expect(results).toHaveLength(60);
    // 60 starts at 100/s need at least (60 - 1) / 100 s = 590 ms (one token to start with).
    expect(elapsed).toBeGreaterThanOrEqual(560);
    // Any 200 ms window: at most 20 starts, plus the bucket's burst (2 at 100/s) and one at the edge.
    for (const t of starts) expect(starts.filter((u) => u >= t && u < t + 200).length).toBeLessThanOrEqual(23);
  });

  it('gives each item a key of its own, or the one it brought', async () => {
    const { invoker, state } = slowInvoker(0);
    await collect(invokeMany(invoker, [{ templateId: 'a', request: { user_id: 'u' }, idempotencyKey: 'mine' }, ...items(3)]));
    expect(state.calls[0]?.key).toBe('mine');
    expect(new Set(state.calls.map((c) => c.key)).size).toBe(4);
  });

  it('a source that throws ends the batch after the items in flight settle, then rethrows', async () => {
    const { invoker } = slowInvoker(5);
    async function* failing(): AsyncGenerator<InvokeManyItem> {
      yield* items(3);
      throw new Error('disk went away');
    }
    const results: InvokeManyResult[] = [];
    await expect(
      (async () => {
        for await (const r of invokeMany(invoker, failing(), { concurrency: 4 })) results.push(r);
      })(),
    ).rejects.toThrow('disk went away');
    expect(results.map((r) => r.index).sort()).toEqual([0, 1, 2]);
  });

  it('a non-JourneysError from a custom invoker becomes a JourneysError result, not a crash', async () => {
    const invoker: JourneysInvoker = {
      invoke: () => {
        throw new TypeError('boom');
      },
    };
    const [r] = await collect(invokeMany(invoker, items(1)));
    expect(r).toMatchObject({ index: 0, ok: false });
    expect(r?.ok === false && r.error.code).toBe('ERR_JOURNEYS_CONNECTION');
  });

  it.each([
    [{ concurrency: 0 }, 'concurrency'],
    [{ concurrency: 1.5 }, 'concurrency'],
    [{ ratePerSecond: 0 }, 'ratePerSecond'],
    [{ ratePerSecond: Number.POSITIVE_INFINITY }, 'ratePerSecond'],
    [{ maxThrottleRetries: -1 }, 'maxThrottleRetries'],
    [{ signal: 'stop' as unknown as AbortSignal }, 'signal'],
    [{ concurency: 2 } as unknown as InvokeManyOptions, 'did you mean concurrency?'],
  ])('rejects the option %j with a configuration error naming %s', (options, name) => {
    const { invoker } = slowInvoker(0);
    expect(() => invokeMany(invoker, [], options)).toThrow(JourneysConfigurationError);
    expect(() => invokeMany(invoker, [], options)).toThrow(name);
  });

  it('items that are not iterable fail the iteration with a configuration error', async () => {
    const { invoker } = slowInvoker(0);
    await expect(collect(invokeMany(invoker, 42 as unknown as InvokeManyItem[]))).rejects.toThrow(JourneysConfigurationError);
  });
});

describe('JourneysClient#invokeMany over real HTTP', () => {
  let server: LocalServer;
  const clients: JourneysClient[] = [];
  const client = (): JourneysClient => {
    const c = new JourneysClient({ apiKey: 'sk_test_bulk', baseUrl: server.url, retryDelayMs: 1, maxRetries: 0 });
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    server = await startLocalServer();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  it('a bad item yields its validation error at its index and the batch goes on', async () => {
    server.requests.length = 0;
    server.respond = (req, res) => json(res, 200, { runId: `run-${JSON.parse(req.body).user_id}` });
    const input = [
      { templateId: 'welcome', request: { user_id: 'u0' } },
      { templateId: 'welcome', request: { data: [1] } },
      null,
      { templateId: '..', request: { user_id: 'u3' } },
      { templateId: 'welcome', request: { user_id: 'u4' } },
    ] as unknown as InvokeManyItem[];
    const results = (await collect(client().invokeMany(input, { concurrency: 2 }))).sort((a, b) => a.index - b.index);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, false, true]);
    expect(results[4]).toEqual({ index: 4, ok: true, runId: 'run-u4' });
    for (const r of results.filter((x) => !x.ok)) expect(r.ok === false && r.error).toBeInstanceOf(JourneysValidationError);
    const issue = results[1]?.ok === false ? (results[1].error as JourneysValidationError).issues[0] : undefined;
    expect(issue?.path).toEqual(['data']);
    expect(server.requests).toHaveLength(2);
  });

  it('a 429 pauses the whole batch for its Retry-After, then retries the item with the same key', async () => {
    server.requests.length = 0;
    const startedAt: number[] = [];
    let throttledAt = 0;
    server.respond = (req, res) => {
      startedAt.push(performance.now());
      if (server.requests.length === 3) {
        throttledAt = performance.now();
        return json(res, 429, { message: 'Too Many Requests' }, { 'retry-after': '1' });
      }
      return json(res, 200, { runId: `run-${server.requests.length}` });
    };
    const results = await collect(client().invokeMany(items(10), { concurrency: 1 }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results).toHaveLength(10);
    expect(server.requests).toHaveLength(11);
    // The throttled item went again with its own key.
    expect(server.requests[3]?.headers['idempotency-key']).toBe(server.requests[2]?.headers['idempotency-key']);
    // Nothing started during the pause (a loaded machine may fire the timer late, never early).
    const next = startedAt.find((t) => t > throttledAt) ?? 0;
    expect(next - throttledAt).toBeGreaterThanOrEqual(950);
  });

  it('an item Courier keeps throttling ends as ok:false with the 429 after maxThrottleRetries', async () => {
    server.requests.length = 0;
    server.respond = (_req, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '0' });
    const results = await collect(client().invokeMany(items(1), { maxThrottleRetries: 2 }));
    expect(results).toHaveLength(1);
    const error = results[0]?.ok === false ? results[0].error : undefined;
    expect(error).toBeInstanceOf(JourneysApiError);
    expect((error as JourneysApiError).status).toBe(429);
    expect((error as JourneysApiError).retryAfterMs).toBe(0);
    expect(server.requests).toHaveLength(3);
  });
});
