/**
 * Ends an async iteration when a signal aborts, even while the source is waiting for its next
 * item (a quiet pipe, a FIFO with no writer): the loop over it ends at once, and an item the
 * source hands over later is dropped.
 */

import { StoppableSource } from '@journeykit/core/internal';

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
  const steps = new StoppableSource(iterator);
  if (signal.aborted) steps.stop();
  else signal.addEventListener('abort', () => steps.stop(), { once: true });
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
      // Undefined once aborted, even when the step arrived in the same tick: that item is dropped.
      const step = await steps.next();
      if (step === undefined) return finish();
      if (step.done === true) finished = true;
      return step;
    },
    async return() {
      return finish();
    },
  };
}
