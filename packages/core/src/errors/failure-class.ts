/**
 * Is this failure worth trying again? The one answer, as a class per failure; every caller reads
 * it and decides in one line what its class means for it:
 *
 * | caller                             | transient  | throttled       | saturated       | permanent   | indeterminate   |
 * | ---------------------------------- | ---------- | --------------- | --------------- | ----------- | --------------- |
 * | an attempt (`decideRetry`)         | retry now  | retry now       | not now         | not now     | not now         |
 * | `runs.waitFor`                     | poll again | poll again      | poll again      | end         | end             |
 * | the outbox worker, the fake outbox | retry for hours | retry for hours | retry for hours | dead-letter | retry for hours |
 * | `invokeMany`                       | item fails | pause the batch | item fails      | item fails  | item fails      |
 * | the CLI's report                   | may pass   | may pass        | may pass        | to fix      | may pass        |
 *
 * Classes are read from `code` (and `status`, `retryAfterMs`, `notInCatalog` as plain properties),
 * never through `instanceof`, so an error thrown by a second copy of core classifies the same.
 */
import { isJourneysError } from './errors.js';

/**
 * - `transient`: the same call may pass if made again soon (a timeout, a dropped connection, 408, 409, 5xx).
 * - `throttled`: Courier asked this client to slow down (429, with `Retry-After` when it said how long).
 * - `saturated`: this client had no free connection within `queueTimeoutMs`; nothing was sent. Waiting
 *   again at once would only lengthen its queue; later, a connection may be free.
 * - `permanent`: the same call would be refused again however long one waits (invalid input, a 4xx
 *   other than 408/409/429, a journey the catalog does not have).
 * - `indeterminate`: repeating it soon fails the same way, but the cause is outside the call and may
 *   be fixed later (an abort, a closed client, other configuration errors, an answer too large or not
 *   readable, undici refusing the request, a failure the client could not explain, anything not a
 *   journeykit error). Only a retry that lasts hours (the outbox's) tries it again.
 */
export type FailureClass = 'transient' | 'throttled' | 'saturated' | 'permanent' | 'indeterminate';

// undici refuses these before anything is sent: a client-side setup fault, not Courier's judgement.
const REFUSED_BY_UNDICI = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);

// Symbol.for, so that a second copy of this package (an app's and testkit's) reads the same mark.
const UNEXPLAINED = Symbol.for('journeykit.unrepeatable');

/**
 * Marks a failure the client could not explain (a dispatcher that throws, a bug): it classifies as
 * `indeterminate`, so nothing repeats it soon. The mark is hidden from logs and `util.inspect`.
 *
 * @example
 * ```ts
 * throw markUnexplained(new JourneysConnectionError('Unexpected failure while calling Courier', { cause }));
 * ```
 */
export function markUnexplained<E extends object>(error: E): E {
  Object.defineProperty(error, UNEXPLAINED, { value: true });
  return error;
}

/**
 * The class of an HTTP status Courier answered with (a success status reported as a failure, when its
 * body could not be read, is `indeterminate`, as is a redirect).
 *
 * @example
 * ```ts
 * classifyStatus(503); // 'transient'
 * classifyStatus(422); // 'permanent'
 * ```
 */
export function classifyStatus(status: number): FailureClass {
  if (status === 429) return 'throttled';
  if (status === 408 || status === 409 || status >= 500) return 'transient';
  return status >= 400 ? 'permanent' : 'indeterminate';
}

/**
 * The class of a failure, from its journeykit `code` (see {@link FailureClass}).
 *
 * @example
 * ```ts
 * classifyFailure(new JourneysApiError('limited', 429, {})); // 'throttled'
 * classifyFailure(new JourneysQueueTimeoutError(100, 4));    // 'saturated'
 * ```
 */
export function classifyFailure(error: unknown): FailureClass {
  if (!isJourneysError(error)) return 'indeterminate';
  const { status, notInCatalog, cause } = error as { status?: unknown; notInCatalog?: unknown; cause?: unknown };
  switch (error.code) {
    case 'ERR_JOURNEYS_VALIDATION':
      return 'permanent';
    case 'ERR_JOURNEYS_CONFIG':
      // Only a journey the catalog lacks stays refused; a dependency that failed to load may load next time.
      return notInCatalog === true ? 'permanent' : 'indeterminate';
    case 'ERR_JOURNEYS_API':
    case 'ERR_JOURNEYS_RUN_NOT_FOUND':
      return typeof status === 'number' ? classifyStatus(status) : 'indeterminate';
    case 'ERR_JOURNEYS_TIMEOUT':
      // A JourneysRunWaitTimeoutError (it carries lastRun) is a wait that is over, not an attempt that timed out.
      return 'lastRun' in error ? 'indeterminate' : 'transient';
    case 'ERR_JOURNEYS_QUEUE_TIMEOUT':
      return 'saturated';
    case 'ERR_JOURNEYS_CONNECTION': {
      if ((error as { [UNEXPLAINED]?: unknown })[UNEXPLAINED] === true) return 'indeterminate';
      const undiciCode = cause !== null && typeof cause === 'object' ? (cause as { code?: unknown }).code : undefined;
      // Dropped before or after the request went out: either way the repeat carries the same
      // idempotency key (or is a read), so a request that did reach Courier starts no second run.
      return typeof undiciCode === 'string' && REFUSED_BY_UNDICI.has(undiciCode) ? 'indeterminate' : 'transient';
    }
    default:
      return 'indeterminate';
  }
}

/**
 * How long the failure's `Retry-After` asked to wait, in ms; undefined when it did not say. Read
 * as a property, so a 429 from a second copy of core counts.
 *
 * @example
 * ```ts
 * retryAfterOf(new JourneysApiError('limited', 429, {}, undefined, { retryAfterMs: 2000 })); // 2000
 * ```
 */
export function retryAfterOf(error: unknown): number | undefined {
  const ms = error !== null && typeof error === 'object' ? (error as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
