/**
 * Ends an async iteration when a signal aborts, even while the source is waiting for its next
 * item (a quiet pipe, a FIFO with no writer): the loop over it ends at once, and an item the
 * source hands over later is dropped.
 */

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The items of `source` until `signal` aborts. `return()` (a `break`) is passed on to the source
 * without waiting for it: a generator parked in an `await` could not run it until it wakes.
 *
 * @example
 * ```ts
 * for await (const line of stopOnAbort(readLines(process.stdin), stop.signal)) handle(line);
 * ```
 */
export function stopOnAbort<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  /** Ends the wait for the step in progress; one promise per step (racing one long-lived promise would leave a reaction per line on it). */
  let stopWaiting: (() => void) | undefined;
  signal.addEventListener('abort', () => stopWaiting?.(), { once: true });
  let finished = false;
  const finish = (): IteratorResult<T> => {
    if (!finished) {
      finished = true;
      void Promise.resolve(iterator.return?.()).catch(() => {});
    }
    return DONE;
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (finished) return DONE;
      if (signal.aborted) return finish();
      const next = iterator.next();
      const step = await new Promise<IteratorResult<T> | undefined>((resolve, reject) => {
        stopWaiting = () => resolve(undefined);
        // A step the loop stopped waiting for may still fail later; that failure has no one to tell.
        next.then(resolve, reject);
      });
      stopWaiting = undefined;
      if (step === undefined) return finish();
      if (step.done === true) finished = true;
      return step;
    },
    async return() {
      return finish();
    },
  };
}
