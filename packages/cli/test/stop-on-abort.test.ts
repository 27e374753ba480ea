import { describe, expect, it } from 'vitest';
import { stopOnAbort } from '../src/stop-on-abort.js';

async function* twoThenQuiet(state: { closed: boolean }): AsyncGenerator<number> {
  try {
    yield 1;
    yield 2;
    await new Promise(() => {}); // a pipe nobody writes to
  } finally {
    state.closed = true;
  }
}

describe('stopOnAbort', () => {
  it('passes every item through and ends with the source', async () => {
    const seen: number[] = [];
    const source = (async function* () {
      yield* [1, 2, 3];
    })();
    for await (const n of stopOnAbort(source, new AbortController().signal)) seen.push(n);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('ends the loop as soon as the signal aborts, while the source waits for ever', async () => {
    const controller = new AbortController();
    const state = { closed: false };
    const seen: number[] = [];
    const started = performance.now();
    for await (const n of stopOnAbort(twoThenQuiet(state), controller.signal)) {
      seen.push(n);
      // Once the loop is back waiting on the quiet source (the next turn of the event loop), abort.
      if (seen.length === 2) setImmediate(() => controller.abort());
    }
    expect(seen).toEqual([1, 2]);
    // The source never ends by itself: any end at all shows the abort ended it; the bound only keeps it prompt.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a break closes a source that is between items', async () => {
    const state = { closed: false };
    for await (const _ of stopOnAbort(twoThenQuiet(state), new AbortController().signal)) break;
    await new Promise((r) => setImmediate(r));
    expect(state.closed).toBe(true);
  });

  it('an item the source hands over in the same tick as the abort is dropped (the review of issue 23)', async () => {
    const controller = new AbortController();
    let pulled = 0;
    // The second next() aborts and then hands its item over at once, before the loop's await wakes.
    const source: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          if (++pulled === 2) controller.abort();
          return Promise.resolve({ done: false, value: pulled });
        },
      }),
    };
    const seen: number[] = [];
    for await (const n of stopOnAbort(source, controller.signal)) seen.push(n);
    expect(seen).toEqual([1]);
  });
});
