/**
 * The client's own queue in front of the connection pool: at most `limit` attempts are handed to
 * undici at once, the rest wait here in arrival order.
 *
 * Why not let undici's pool queue them: a request queued inside undici cannot leave that queue.
 * When its deadline or its caller's abort comes first, undici still gives it a socket later, and
 * aborting it there destroys that healthy socket unused. Under a burst, that turned most of the
 * pool's connections into waste. Waiting here, an attempt that times out or is aborted simply
 * leaves the queue; undici only ever gets work it can start at once.
 */

/** One attempt waiting for a connection. */
export interface SlotWaiter {
  /** Called (once) when the attempt may be dispatched; it then holds a slot until it calls `release()`. */
  grant(): void;
}

export class ConnectionSlots {
  #free: number;
  // A Set keeps arrival order and lets a waiter that gives up leave in O(1).
  readonly #waiting = new Set<SlotWaiter>();

  constructor(readonly limit: number) {
    this.#free = limit;
  }

  /** Takes a slot when one is free and nobody is waiting ahead. The common, uncontended path: no allocation. */
  tryAcquire(): boolean {
    if (this.#free > 0 && this.#waiting.size === 0) {
      this.#free--;
      return true;
    }
    return false;
  }

  /** Queues `waiter`; it is granted a slot when one is released. */
  enqueue(waiter: SlotWaiter): void {
    this.#waiting.add(waiter);
  }

  /** Takes `waiter` out of the queue (its deadline or abort came first). It never touched a connection. */
  leave(waiter: SlotWaiter): void {
    this.#waiting.delete(waiter);
  }

  /** Attempts waiting right now. */
  get queued(): number {
    return this.#waiting.size;
  }

  /** Gives a slot back: to the first waiter, or to the free count. */
  release(): void {
    const next = this.#waiting.values().next();
    if (next.done === true) {
      this.#free++;
      return;
    }
    this.#waiting.delete(next.value);
    // Granted on the next microtask: release() runs inside undici's response callbacks, and the
    // connection that just finished is only free for the next request once those return.
    queueMicrotask(() => next.value.grant());
  }
}
