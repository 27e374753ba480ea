/**
 * One 'abort' listener per signal, however many calls share it. Apps often pass one shutdown or
 * request signal to many concurrent invokes; a listener each would trip Node's
 * MaxListenersExceededWarning past ten, and cost an addEventListener per attempt.
 */
const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

function fire(this: AbortSignal): void {
  const set = subscribers.get(this);
  subscribers.delete(this);
  if (set !== undefined) for (const callback of set) callback();
}

/**
 * Calls `callback` once when `signal` aborts. Returns the function that unsubscribes. The caller
 * checks `signal.aborted` first: an already-aborted signal never fires again.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let set = subscribers.get(signal);
  if (set === undefined) {
    set = new Set();
    subscribers.set(signal, set);
    signal.addEventListener('abort', fire, { once: true });
  }
  set.add(callback);
  return () => {
    const current = subscribers.get(signal);
    if (current === undefined) return;
    current.delete(callback);
    if (current.size === 0) {
      subscribers.delete(signal);
      signal.removeEventListener('abort', fire);
    }
  };
}

/** Node clamps longer timer delays to 1 ms; every wait and deadline journeykit sets stays below. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Where a wait's time comes from: Node's timers, or a test's clock (the test kit's fakes pass the
 * `clock` they were given, e.g. pg-boss's `TestClock`, so a test moves time instead of waiting).
 */
export interface WaitTimers {
  /** Calls `fn` once `ms` of this clock's time have passed; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels what `setTimeout` scheduled. */
  clearTimeout(handle: never): void;
}

/** Node's own timers: the default of every wait. */
export const NODE_TIMERS: WaitTimers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (handle) => clearTimeout(handle) };

/**
 * Waits `ms`, or less when `signal` aborts: resolves true when the time ran out, false when the
 * signal cut the wait short (at once for a signal that had already aborted). The one abortable
 * wait of core: the caller says what an abort means (a rejected call, a wait for a run that ends,
 * a batch that stops). `timers` is where the time comes from (default Node's).
 *
 * @example
 * ```ts
 * if (!(await abortableDelay(250, signal))) throw new JourneysAbortError({ cause: signal?.reason });
 * ```
 */
export function abortableDelay(ms: number, signal: AbortSignal | undefined, timers: WaitTimers = NODE_TIMERS): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = timers.setTimeout(
      () => {
        unsubscribe?.();
        resolve(true);
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    const unsubscribe =
      signal === undefined
        ? undefined
        : onAbort(signal, () => {
            timers.clearTimeout(timer as never);
            resolve(false);
          });
  });
}
