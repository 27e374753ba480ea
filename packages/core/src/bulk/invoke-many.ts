/**
 * Bulk invocation: starts a journey for every item of a (possibly endless) iterable with bounded
 * concurrency, an optional rate limit, a whole-batch pause when Courier says 429, and memory that
 * does not grow with the input. It works over any {@link JourneysInvoker}; the clients' own
 * `invokeMany` methods delegate here.
 */
import { abortableDelay, onAbort } from '../shared/abort-listeners.js';
import { generateIdempotencyKey } from '../input/call-options.js';
import { classifyFailure, retryAfterOf } from '../errors/failure-class.js';
import { JourneysConfigurationError, JourneysConnectionError, JourneysError, JourneysValidationError, isJourneysError } from '../errors/errors.js';
import { thrownText } from '../shared/thrown-text.js';
import { rejectUnknownOptions } from '../input/option-names.js';
import { StoppableSource } from './stoppable-source.js';
import { TokenBucket } from './token-bucket.js';
import type { InvokeRequest, JourneysInvoker } from '../contract/types.js';

/** One invocation of a batch. */
export interface InvokeManyItem {
  /** The journey template ID or alias to invoke for this item. */
  templateId: string;
  /** The invoke body for this item, validated like `invoke()`'s; a bad one yields `ok: false` for its index. */
  request: InvokeRequest;
  /** Default: a random `journeykit-<uuid>` per item, reused when the item is retried after a 429 pause. */
  idempotencyKey?: string;
  /** Sent as `X-Idempotency-Expiration`: keep the key longer than Courier's default of about a day (see `InvokeOptions`). */
  idempotencyExpiresAt?: Date;
}

/** The items of a batch: an array, a generator, a stream of parsed lines... pulled one at a time. */
export type InvokeManyItems = Iterable<InvokeManyItem> | AsyncIterable<InvokeManyItem>;

/** The outcome of one item; `index` is its position in the input, counted from 0. */
export type InvokeManyResult = { index: number; ok: true; runId: string } | { index: number; ok: false; error: JourneysError };

/** Options of `invokeMany`. */
export interface InvokeManyOptions {
  /** Most items in flight at once. Default 16. */
  concurrency?: number;
  /** Most items started per second (a token bucket; bursts stay within 1/50 s of the rate). Default: no limit. */
  ratePerSecond?: number;
  /**
   * Stops starting new items. Items already in flight settle normally and their results are
   * yielded; then the iteration ends, even while the source is still waiting for its next item
   * (its `return()` is called; an item it hands over later is never started). Items never started yield nothing.
   */
  signal?: AbortSignal;
  /**
   * How many times an item that still ends in 429 (after the invoker's own retries) is tried
   * again after a whole-batch pause, before it is reported as failed. Default 5.
   */
  maxThrottleRetries?: number;
}

/** Default number of items in flight. */
export const DEFAULT_BULK_CONCURRENCY = 16;
/** Default number of whole-batch retries of an item Courier keeps throttling. */
export const DEFAULT_MAX_THROTTLE_RETRIES = 5;
/** Pause after a 429 that did not say how long to wait: 1 s, doubling per consecutive 429, capped at 60 s. */
function throttlePauseMs(consecutive: number): number {
  return Math.min(1000 * 2 ** (consecutive - 1), 60_000);
}

interface Pending {
  index: number;
  item: InvokeManyItem;
  key: string;
  throttled: number;
  lastError?: JourneysError;
}

const INVOKE_MANY_OPTION_NAMES = [
  'concurrency',
  'ratePerSecond',
  'maxThrottleRetries',
  'signal',
] as const satisfies readonly (keyof InvokeManyOptions)[];

function checkOptions(options: InvokeManyOptions): Required<Omit<InvokeManyOptions, 'signal' | 'ratePerSecond'>> {
  rejectUnknownOptions('invokeMany', options, INVOKE_MANY_OPTION_NAMES);
  const { concurrency = DEFAULT_BULK_CONCURRENCY, ratePerSecond, maxThrottleRetries = DEFAULT_MAX_THROTTLE_RETRIES } = options;
  if (!(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new JourneysConfigurationError(`concurrency must be a whole number > 0, got ${String(concurrency)}`);
  }
  if (ratePerSecond !== undefined && !(typeof ratePerSecond === 'number' && ratePerSecond > 0 && Number.isFinite(ratePerSecond))) {
    throw new JourneysConfigurationError(`ratePerSecond must be a number > 0, got ${String(ratePerSecond)}`);
  }
  if (!(Number.isInteger(maxThrottleRetries) && maxThrottleRetries >= 0)) {
    throw new JourneysConfigurationError(`maxThrottleRetries must be a whole number >= 0, got ${String(maxThrottleRetries)}`);
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new JourneysConfigurationError('signal must be an AbortSignal');
  }
  return { concurrency, maxThrottleRetries };
}

function badItem(item: unknown): JourneysValidationError | undefined {
  if (item === null || typeof item !== 'object') {
    return new JourneysValidationError([{ path: [], message: 'each item must be an object { templateId, request, idempotencyKey? }' }]);
  }
  return undefined;
}

function asJourneysError(err: unknown): JourneysError {
  if (isJourneysError(err)) return err;
  return new JourneysConnectionError(`The invoker failed: ${thrownText(err)}`, { cause: err });
}

/** Runs one batch. The iterator the caller holds is this object. */
class Batch implements AsyncIterableIterator<InvokeManyResult> {
  readonly #invoker: JourneysInvoker;
  readonly #items: InvokeManyItems;
  readonly #concurrency: number;
  readonly #maxThrottleRetries: number;
  readonly #bucket: TokenBucket | undefined;
  readonly #signal: AbortSignal | undefined;
  #source: Iterator<InvokeManyItem> | AsyncIterator<InvokeManyItem> | undefined;
  #nextIndex = 0;
  #inFlight = 0;
  /** Completed results the consumer has not taken yet; with the items in flight, bounded by `concurrency`. */
  readonly #results: InvokeManyResult[] = [];
  /** Items that ended in 429, waiting for the pause to end; bounded by `concurrency`. */
  readonly #throttled: Pending[] = [];
  #pausedUntil = 0;
  #consecutiveThrottles = 0;
  #started = false;
  #stopping = false;
  #exhausted = false;
  #pumpDone = false;
  #failure: { error: unknown } | undefined;
  #finished = false;
  /** Wakes the pump when capacity frees up, the consumer takes a result, or the batch stops. */
  #wakePump: (() => void) | undefined;
  /** A consumer waiting in next(): gets the next result directly. */
  #waiter: { resolve(value: IteratorResult<InvokeManyResult, undefined>): void; reject(error: unknown): void } | undefined;
  /** Wakes return() while it waits for the items in flight. */
  #wakeConsumer: (() => void) | undefined;
  /** Aborted when the batch stops: cuts a pause or a rate-limit wait short. */
  readonly #stopped = new AbortController();
  #unsubscribe: (() => void) | undefined;
  /** An async source's steps, each awaited until the batch stops. */
  #asyncSource: StoppableSource<InvokeManyItem> | undefined;

  constructor(invoker: JourneysInvoker, items: InvokeManyItems, options: InvokeManyOptions) {
    const checked = checkOptions(options);
    this.#invoker = invoker;
    this.#items = items;
    this.#concurrency = checked.concurrency;
    this.#maxThrottleRetries = checked.maxThrottleRetries;
    this.#bucket = options.ratePerSecond === undefined ? undefined : new TokenBucket(options.ratePerSecond);
    this.#signal = options.signal;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<InvokeManyResult, undefined>> {
    if (!this.#started) this.#start();
    const result = this.#results.shift();
    if (result !== undefined) {
      this.#makeProgress();
      return Promise.resolve({ done: false, value: result });
    }
    if (this.#pumpDone && this.#inFlight === 0) return this.#finish();
    // Nothing ready: the next result is handed straight to this promise (see #push).
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  /** `break` in a `for await` loop: start nothing more, let the items in flight settle, close the source. */
  async return(): Promise<IteratorResult<InvokeManyResult, undefined>> {
    this.#stop();
    if (this.#started) {
      while (!(this.#pumpDone && this.#inFlight === 0)) {
        this.#results.length = 0;
        await new Promise<void>((resolve) => (this.#wakeConsumer = resolve));
      }
    }
    this.#results.length = 0;
    this.#failure = undefined;
    return this.#finish();
  }

  async #finish(): Promise<IteratorResult<InvokeManyResult, undefined>> {
    if (!this.#finished) {
      this.#finished = true;
      this.#unsubscribe?.();
      if (!this.#exhausted) await this.#closeSource();
    }
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure !== undefined) throw failure.error;
    return { done: true, value: undefined };
  }

  async #closeSource(): Promise<void> {
    try {
      const closing = this.#source?.return?.();
      // A source still working on a next() the batch stopped waiting for: an async generator
      // queues return() behind it (it may wait for ever, on a quiet stdin), so it is not awaited.
      if (this.#asyncSource?.abandoned !== undefined) void Promise.resolve(closing).catch(() => {});
      else await closing;
    } catch {
      // The source's own cleanup failing does not change what the batch did.
    }
  }

  #start(): void {
    this.#started = true;
    const signal = this.#signal;
    if (signal !== undefined) {
      if (signal.aborted) this.#stopping = true;
      else this.#unsubscribe = onAbort(signal, () => this.#stop());
    }
    try {
      const items = this.#items as Partial<AsyncIterable<InvokeManyItem> & Iterable<InvokeManyItem>> | null | undefined;
      if (typeof items?.[Symbol.asyncIterator] === 'function') {
        this.#source = (items as AsyncIterable<InvokeManyItem>)[Symbol.asyncIterator]();
        // A source that waits (a quiet pipe, a slow query) must not keep an aborted batch alive.
        this.#asyncSource = new StoppableSource(this.#source);
      } else if (typeof items?.[Symbol.iterator] === 'function') {
        this.#source = (items as Iterable<InvokeManyItem>)[Symbol.iterator]();
      } else {
        throw new JourneysConfigurationError('invokeMany(items): items must be an iterable or an async iterable');
      }
    } catch (err) {
      this.#failure = { error: err };
      this.#exhausted = true;
      this.#pumpDone = true;
      return;
    }
    this.#pump().then(
      () => this.#pumpEnded(),
      (err: unknown) => {
        this.#failure = { error: err };
        this.#pumpEnded();
      },
    );
  }

  #pumpEnded(): void {
    this.#pumpDone = true;
    // Throttled items that will not be retried now still owe the caller a result.
    for (const pending of this.#throttled.splice(0)) {
      this.#push({ index: pending.index, ok: false, error: pending.lastError as JourneysError });
    }
    this.#notifyConsumer();
  }

  #stop(): void {
    this.#stopping = true;
    this.#asyncSource?.stop();
    this.#stopped.abort();
    this.#wake();
  }

  #wake(): void {
    const wake = this.#wakePump;
    this.#wakePump = undefined;
    wake?.();
  }

  /**
   * Room for one more start: every item in flight becomes a result the consumer has not taken,
   * so counting both against `concurrency` is what keeps the promise that at most `concurrency`
   * finished results wait for a reader that stopped reading. A reader that waits in next() takes
   * each result as it arrives, so it never holds a slot.
   */
  #hasRoom(): boolean {
    return this.#inFlight + this.#results.length < this.#concurrency;
  }

  async #pump(): Promise<void> {
    for (;;) {
      if (this.#stopping) return;
      if (!this.#hasRoom()) {
        await new Promise<void>((resolve) => (this.#wakePump = resolve));
        continue;
      }
      const pauseMs = this.#pausedUntil - performance.now();
      if (pauseMs > 0) {
        await this.#sleep(pauseMs);
        continue;
      }
      if (this.#exhausted && this.#throttled.length === 0) {
        if (this.#inFlight === 0) return;
        // Items in flight may still be throttled and come back for another try.
        await new Promise<void>((resolve) => (this.#wakePump = resolve));
        continue;
      }
      const waitMs = this.#bucket?.take() ?? 0;
      if (waitMs > 0) {
        await this.#sleep(waitMs);
        continue;
      }
      const retry = this.#throttled.shift();
      if (retry !== undefined) {
        this.#launch(retry);
        continue;
      }
      if (this.#exhausted) continue;
      if (this.#asyncSource === undefined) {
        this.#startNextSync();
        continue;
      }
      // Undefined once the batch stopped, even when the step arrived in the same tick: never started.
      const step = await this.#asyncSource.next();
      if (step === undefined) return;
      if (step.done) this.#exhausted = true;
      else this.#accept(step.value);
    }
  }

  /** Pulls one item from a sync source and starts it (or notes that the source is done). */
  #startNextSync(): void {
    const step = (this.#source as Iterator<InvokeManyItem>).next();
    if (step.done) this.#exhausted = true;
    else this.#accept(step.value);
  }

  /** Numbers a pulled item and starts it, or reports it as bad. */
  #accept(item: InvokeManyItem): void {
    const index = this.#nextIndex++;
    const bad = badItem(item);
    if (bad !== undefined) {
      this.#push({ index, ok: false, error: bad });
      this.#notifyConsumer();
      return;
    }
    const key = typeof item.idempotencyKey === 'string' ? item.idempotencyKey : generateIdempotencyKey();
    this.#launch({ index, item, key, throttled: 0 });
  }

  /**
   * The fast path: when the pump sleeps for lack of room and nothing else limits starts (a sync
   * source, no rate limit, no pause, no retries waiting), start the next items right here rather
   * than wake the pump, which costs a promise and a turn of its loop per item. False when the
   * pump has to decide.
   */
  #refill(): boolean {
    if (
      this.#asyncSource !== undefined ||
      this.#bucket !== undefined ||
      this.#stopping ||
      this.#exhausted ||
      this.#throttled.length > 0 ||
      (this.#pausedUntil > 0 && this.#pausedUntil > performance.now())
    ) {
      return false;
    }
    try {
      while (this.#hasRoom() && !this.#exhausted) this.#startNextSync();
    } catch (err) {
      this.#failure = { error: err };
      this.#exhausted = true;
      this.#stop();
      return true;
    }
    // A source that just ran out: the pump finishes the batch.
    return !this.#exhausted;
  }

  /** After a result arrived or was taken: start more, or wake the pump when it has something to do. */
  #makeProgress(): void {
    if (this.#wakePump === undefined) return;
    if (!this.#hasRoom() && !this.#exhausted) return;
    if (!this.#refill()) this.#wake();
  }

  /** Hands a result to a waiting consumer, or keeps it for the next next(). */
  #push(result: InvokeManyResult): void {
    const waiter = this.#waiter;
    if (waiter === undefined) {
      this.#results.push(result);
      return;
    }
    this.#waiter = undefined;
    waiter.resolve({ done: false, value: result });
  }

  /** Tells a waiting consumer (or return()) that something changed; ends a waiting next() when the batch is over. */
  #notifyConsumer(): void {
    const wake = this.#wakeConsumer;
    this.#wakeConsumer = undefined;
    wake?.();
    const waiter = this.#waiter;
    if (waiter !== undefined && this.#pumpDone && this.#inFlight === 0 && this.#results.length === 0) {
      this.#waiter = undefined;
      this.#finish().then(waiter.resolve, waiter.reject);
    }
  }

  #launch(pending: Pending): void {
    this.#inFlight++;
    let call: Promise<{ runId: string }>;
    try {
      const { idempotencyExpiresAt } = pending.item;
      const options = idempotencyExpiresAt === undefined ? { idempotencyKey: pending.key } : { idempotencyKey: pending.key, idempotencyExpiresAt };
      call = this.#invoker.invoke(pending.item.templateId, pending.item.request, options);
    } catch (err) {
      call = Promise.reject(err);
    }
    call.then(
      (response) => this.#settled(pending, response.runId, undefined),
      (err: unknown) => this.#settled(pending, undefined, asJourneysError(err)),
    );
  }

  #settled(pending: Pending, runId: string | undefined, error: JourneysError | undefined): void {
    this.#inFlight--;
    if (error === undefined) {
      this.#consecutiveThrottles = 0;
      this.#push({ index: pending.index, ok: true, runId: runId as string });
    } else if (classifyFailure(error) === 'throttled') {
      // Pause the batch: Courier asked this client to slow down, so every item waits, not just this one.
      this.#consecutiveThrottles++;
      const pause = retryAfterOf(error) ?? throttlePauseMs(this.#consecutiveThrottles);
      this.#pausedUntil = Math.max(this.#pausedUntil, performance.now() + pause);
      pending.lastError = error;
      if (pending.throttled < this.#maxThrottleRetries && !this.#stopping && !this.#pumpDone) {
        pending.throttled++;
        this.#throttled.push(pending);
      } else {
        this.#push({ index: pending.index, ok: false, error });
      }
    } else {
      this.#push({ index: pending.index, ok: false, error });
    }
    this.#makeProgress();
    this.#notifyConsumer();
  }

  async #sleep(ms: number): Promise<void> {
    await abortableDelay(ms, this.#stopped.signal);
  }
}

/**
 * Starts a journey for every item, at most `concurrency` at a time and at most `ratePerSecond`
 * a second, and yields each item's result as it completes (not in input order: use `index`).
 *
 * - Memory stays flat whatever the input size: items are pulled from `items` only when there is
 *   room, and items in flight plus finished results waiting for the consumer are at most
 *   `concurrency` together.
 * - A bad item (not an object, invalid request) yields `ok: false` with its
 *   `JourneysValidationError`; the batch goes on.
 * - When an item still ends in 429 after the invoker's own retries, the whole batch pauses (for
 *   the `Retry-After` Courier sent, else 1 s doubling up to 60 s) and the item is tried again with
 *   the same idempotency key.
 * - `signal` stops starting new items; items in flight settle and are yielded, then the iteration
 *   ends, whatever the source is doing (a quiet pipe does not hold it open). `break` does the same
 *   and waits for them before the loop exits.
 * - A source that throws ends the batch: items in flight settle and are yielded, then the
 *   iteration rethrows the source's error.
 *
 * @example
 * ```ts
 * import { JourneysClient, invokeMany } from '@journeykit/core';
 *
 * const client = new JourneysClient();
 * const items = users.map((u) => ({ templateId: 'welcome', request: { user_id: u.id }, idempotencyKey: `welcome-${u.id}` }));
 * for await (const r of invokeMany(client, items, { concurrency: 32, ratePerSecond: 200 })) {
 *   if (!r.ok) console.error(`item ${r.index}: ${r.error.message}`);
 * }
 * await client.close();
 * ```
 */
export function invokeMany(
  invoker: JourneysInvoker,
  items: InvokeManyItems,
  options: InvokeManyOptions = {},
): AsyncIterableIterator<InvokeManyResult> {
  if (options === null || typeof options !== 'object') throw new JourneysConfigurationError('invokeMany options must be an object');
  return new Batch(invoker, items, options);
}
