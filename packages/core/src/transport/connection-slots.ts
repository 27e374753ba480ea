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

/** A place in the queue: what `enqueue` returns and `leave` takes. */
export interface QueuePlace {
  readonly waiter: SlotWaiter;
  prev: QueuePlace | undefined;
  next: QueuePlace | undefined;
  queued: boolean;
}

export class ConnectionSlots {
  #free: number;
  // A doubly linked list: arrival order, and O(1) for joining, leaving from anywhere and taking the
  // head, however long the queue gets (a burst of 100,000 calls, many giving up).
  #head: QueuePlace | undefined;
  #tail: QueuePlace | undefined;
  #queued = 0;

  constructor(readonly limit: number) {
    this.#free = limit;
  }

  /** Takes a slot when one is free and nobody is waiting ahead. The common, uncontended path: no allocation. */
  tryAcquire(): boolean {
    if (this.#free > 0 && this.#queued === 0) {
      this.#free--;
      return true;
    }
    return false;
  }

  /** Queues `waiter`; it is granted a slot when one is released. */
  enqueue(waiter: SlotWaiter): QueuePlace {
    const place: QueuePlace = { waiter, prev: this.#tail, next: undefined, queued: true };
    if (this.#tail === undefined) this.#head = place;
    else this.#tail.next = place;
    this.#tail = place;
    this.#queued++;
    return place;
  }

  /** Takes a waiter out of the queue (its deadline or abort came first). It never touched a connection. */
  leave(place: QueuePlace): void {
    if (!place.queued) return;
    place.queued = false;
    if (place.prev === undefined) this.#head = place.next;
    else place.prev.next = place.next;
    if (place.next === undefined) this.#tail = place.prev;
    else place.next.prev = place.prev;
    place.prev = place.next = undefined;
    this.#queued--;
  }

  /** Attempts waiting right now. */
  get queued(): number {
    return this.#queued;
  }

  /** Gives a slot back: to the first waiter, or to the free count. */
  release(): void {
    const first = this.#head;
    if (first === undefined) {
      this.#free++;
      return;
    }
    this.leave(first);
    // Granted on the next microtask: release() runs inside undici's response callbacks, and the
    // connection that just finished is only free for the next request once those return.
    queueMicrotask(() => first.waiter.grant());
  }
}
