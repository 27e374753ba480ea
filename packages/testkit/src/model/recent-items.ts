/**
 * The most recent `max` items, oldest first: what the fake server keeps of its requests and runs,
 * so that a dev server running for days holds a bounded amount. Older items are dropped and
 * counted. `shift()` on a V8 array moves its start (no copy), so a full log costs O(1) per item.
 */
export class RecentItems<T> {
  /** The kept items, oldest first; the same array for the life of the log. */
  readonly items: T[] = [];
  /** How many older items were dropped to stay within `max`. */
  dropped = 0;
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.#max) {
      this.items.shift();
      this.dropped++;
    }
  }

  clear(): void {
    this.items.length = 0;
    this.dropped = 0;
  }
}
