/**
 * Waits for an async source's next item unless stopped first: a source that waits (a quiet pipe, a
 * slow query) must not keep a stopped loop alive, and an item it hands over after the stop is dropped.
 */

/**
 * The steps of one async iterator, each awaited until `stop()`. One promise per step rather than a
 * race against one long-lived "stopped" promise: each race would leave a reaction on it, and memory
 * would grow with the input.
 *
 * @example
 * ```ts
 * const steps = new StoppableSource(lines[Symbol.asyncIterator]());
 * signal.addEventListener('abort', () => steps.stop(), { once: true });
 * for (let step = await steps.next(); step !== undefined && !step.done; step = await steps.next()) handle(step.value);
 * ```
 */
export class StoppableSource<T> {
  readonly #iterator: AsyncIterator<T>;
  #stopped = false;
  #stopWaiting: (() => void) | undefined;
  #abandoned: Promise<unknown> | undefined;

  constructor(iterator: AsyncIterator<T>) {
    this.#iterator = iterator;
  }

  /** Whether `stop()` was called: the loop reading this source starts nothing more. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** The source's next() still unsettled when the wait for it stopped; it may settle later, or never. */
  get abandoned(): Promise<unknown> | undefined {
    return this.#abandoned;
  }

  /** Ends the wait in progress, and every later one, with undefined. */
  stop(): void {
    this.#stopped = true;
    this.#stopWaiting?.();
  }

  /**
   * The source's next step, or undefined once stopped. A stop that lands in the same tick as the
   * step (before this await wakes) still wins: the step is dropped, never handed on.
   */
  async next(): Promise<IteratorResult<T> | undefined> {
    if (this.#stopped) return undefined;
    const next = this.#iterator.next();
    let waiting = true;
    try {
      const step = await new Promise<IteratorResult<T> | undefined>((resolve, reject) => {
        this.#stopWaiting = () => resolve(undefined);
        next.then(resolve, reject);
      });
      waiting = step === undefined;
      return this.#stopped ? undefined : step;
    } catch (err) {
      waiting = false;
      // The source failing after the stop has no one to tell.
      if (this.#stopped) return undefined;
      throw err;
    } finally {
      this.#stopWaiting = undefined;
      if (waiting) {
        this.#abandoned = next;
        next.catch(() => {});
      }
    }
  }
}
