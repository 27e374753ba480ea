import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, abortableDelay } from '../../src/shared/abort-listeners.js';

describe('abortableDelay: the one abortable wait', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves true when the time runs out, and not before', async () => {
    let done: boolean | undefined;
    void abortableDelay(1000, new AbortController().signal).then((v) => (done = v));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('resolves true without a signal', async () => {
    const waiting = abortableDelay(10, undefined);
    await vi.advanceTimersByTimeAsync(10);
    await expect(waiting).resolves.toBe(true);
  });

  it('resolves false as soon as the signal aborts, and leaves no timer behind', async () => {
    const controller = new AbortController();
    const waiting = abortableDelay(60_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves false at once for a signal that already aborted', async () => {
    await expect(abortableDelay(60_000, AbortSignal.abort())).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("holds a longer wait to Node's longest timer instead of letting Node clamp it to 1 ms", async () => {
    let done: boolean | undefined;
    void abortableDelay(MAX_TIMER_MS * 2, undefined).then((v) => (done = v));
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBeUndefined();
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(done).toBe(true);
  });
});
