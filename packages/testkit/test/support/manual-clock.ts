/**
 * A clock the test moves, with timers that fire only as it moves: the shape the fakes' `clock`
 * option takes (pg-boss's `TestClock` has the same; the test kit does not depend on pg-boss).
 */
export class ManualClock {
  #now: number;
  #timers: { id: number; due: number; fn: () => void }[] = [];
  #ids = 0;

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.#ids;
    this.#timers.push({ id, due: this.#now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(id: number): void {
    this.#timers = this.#timers.filter((t) => t.id !== id);
  }

  /**
   * Moves on by `ms`, firing each timer due on the way at its own time, and letting the promise
   * chains it starts run (they may set the next timer) before the next one.
   */
  async tick(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (next === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = next.due;
      next.fn();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}

/** Lets pending promise callbacks run (macrotask boundary: every microtask before it has run). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
