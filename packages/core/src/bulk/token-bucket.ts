/** The rate limit of bulk invocation: how many starts a second, smoothed. */

/**
 * A token bucket: `rate` tokens a second, holding at most 1/50 s worth (and at least one), so a
 * timer that fires late catches up without bursting past the rate.
 */
export class TokenBucket {
  readonly #rate: number;
  readonly #capacity: number;
  #tokens = 1;
  #at = performance.now();

  constructor(ratePerSecond: number) {
    this.#rate = ratePerSecond / 1000;
    this.#capacity = Math.max(1, ratePerSecond / 50);
  }

  /** Takes a token and returns 0, or returns how many ms until one is due (and takes nothing). */
  take(): number {
    const now = performance.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#at) * this.#rate);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.#tokens) / this.#rate));
  }
}
