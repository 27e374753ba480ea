import type { JourneyRun } from '../contract/journey-runs.js';

/**
 * Every failure journeykit reports is a {@link JourneysError} with a stable `code`, so callers
 * branch on kinds, not on message text. Nothing else (no undici error, no `TypeError`, no
 * `SyntaxError`) escapes `invoke()`.
 *
 * @example
 * ```ts
 * try {
 *   await client.invoke('welcome', { user_id: 'u1' });
 * } catch (err) {
 *   if (err instanceof JourneysApiError && err.status === 404) console.warn('unknown journey');
 *   else throw err;
 * }
 * ```
 */
export type JourneysErrorCode =
  | 'ERR_JOURNEYS_VALIDATION'
  | 'ERR_JOURNEYS_API'
  | 'ERR_JOURNEYS_TIMEOUT'
  | 'ERR_JOURNEYS_QUEUE_TIMEOUT'
  | 'ERR_JOURNEYS_CONNECTION'
  | 'ERR_JOURNEYS_RESPONSE_TOO_LARGE'
  | 'ERR_JOURNEYS_ABORT'
  | 'ERR_JOURNEYS_CONFIG'
  | 'ERR_JOURNEYS_CLOSED'
  | 'ERR_JOURNEYS_OUTBOX'
  | 'ERR_JOURNEYS_OUTBOX_REPLAY'
  | 'ERR_JOURNEYS_RUN_NOT_FOUND';

/** What every journeykit error may be told when it is built. */
export interface JourneysErrorOptions {
  /** The underlying failure (redacted), for logs. */
  cause?: unknown;
  /** How many HTTP attempts the call had sent when it failed. Default 0. */
  attempts?: number;
}

/** Base class of every error journeykit throws. */
export class JourneysError extends Error {
  /** Stable machine-readable kind of failure. */
  readonly code: JourneysErrorCode;
  /** How many HTTP attempts were sent before this error was reported (0 when nothing was sent). */
  readonly attempts: number;

  constructor(code: JourneysErrorCode, message: string, options?: JourneysErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
    this.attempts = options?.attempts ?? 0;
  }
}

/** One problem found while validating an invocation. `path` points at the offending field. */
export interface ValidationIssue {
  /** Where the problem is, e.g. `['data', 'items', 2]`; `['templateId']` for the template. */
  path: (string | number)[];
  /** What is wrong and how to fix it. */
  message: string;
}

/** Formats an issue path the way a JavaScript reader writes it: `data.items[2]`, `profile["a b"]`. */
export function formatIssuePath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? '(request)' : out;
}

/**
 * The input was rejected before anything was sent. `issues` lists every problem at once.
 *
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof JourneysValidationError) res.status(400).json({ issues: err.issues });
 * }
 * ```
 */
export class JourneysValidationError extends JourneysError {
  /** Every problem found, each with the field's `path` (e.g. `profile.email`) and a `message`. */
  readonly issues: ValidationIssue[];
  /** The template the call was for, when it was a string. */
  readonly templateId: string | undefined;

  /** Problems found beyond those listed in `issues` (a bad input can hold millions). */
  readonly unlisted: number;

  /**
   * @param unlisted how many more problems were found than `issues` lists.
   * @param call what was invalid, for the message; default `journey invocation`.
   */
  constructor(issues: ValidationIssue[], templateId?: string, unlisted = 0, call = 'journey invocation') {
    const total = issues.length + unlisted;
    const head =
      `Invalid ${call}${typeof templateId === 'string' && templateId !== '' ? ` of "${templateId}"` : ''}` +
      ` (${total} problem${total === 1 ? '' : 's'}); nothing was sent:`;
    const lines = [head, ...issues.map((i) => `  - ${formatIssuePath(i.path)}: ${i.message}`)];
    if (unlisted > 0) lines.push(`  - ... and ${unlisted} more`);
    super('ERR_JOURNEYS_VALIDATION', lines.join('\n'));
    this.issues = issues;
    this.templateId = templateId;
    this.unlisted = unlisted;
  }
}

/**
 * Courier answered with a status that is not a success (after any retries it allowed), or with a
 * success whose body is not what the endpoint answers (an invoke with no usable `runId`, say).
 */
export class JourneysApiError extends JourneysError {
  /** HTTP status of the last response. */
  readonly status: number;
  /** Parsed JSON body of that response, or its text when it was not JSON. */
  readonly body: unknown;
  /**
   * The response's request id header (`x-request-id` / `request-id`), for support tickets. Undefined
   * when the answer had none, and when it equals the Idempotency-Key sent or any string value of the
   * request body as sent: a server that echoes one request value (an SSN from `data`, a user id,
   * `order-42-shipped`) into that header must not carry it into logs and spans.
   */
  readonly requestId: string | undefined;
  /** How long the response's `Retry-After` asked to wait, in ms (capped like the client's retries); undefined when it did not say. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    status: number,
    body: unknown,
    requestId?: string,
    options?: JourneysErrorOptions & { retryAfterMs?: number | undefined },
  ) {
    super('ERR_JOURNEYS_API', message, options);
    this.status = status;
    this.body = body;
    this.requestId = requestId;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/**
 * Courier answered 404 to a run read or a cancel by run id: no such run, or one past Courier's
 * 95-day retention. A subclass of {@link JourneysApiError} (same `status`, `body`, `requestId`)
 * with its own `code`, so a caller can tell "no such run" from every other API failure.
 *
 * @example
 * ```ts
 * try {
 *   return await client.runs.get(runId);
 * } catch (err) {
 *   if (err instanceof JourneysRunNotFoundError) return undefined;
 *   throw err;
 * }
 * ```
 */
export class JourneysRunNotFoundError extends JourneysApiError {
  /** The run that was asked for. */
  readonly runId: string;
  constructor(runId: string, message: string, body: unknown, requestId?: string, options?: JourneysErrorOptions) {
    super(message, 404, body, requestId, options);
    (this as { code: JourneysErrorCode }).code = 'ERR_JOURNEYS_RUN_NOT_FOUND';
    this.runId = runId;
  }
}

/**
 * Every attempt ran out of time. `timeoutMs` starts when an attempt is sent (handed to a
 * connection) and covers the whole response, body included; time spent waiting for a free
 * connection is not counted here (see {@link JourneysQueueTimeoutError}).
 */
export class JourneysTimeoutError extends JourneysError {
  /** The per-attempt limit that was exceeded. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, options?: JourneysErrorOptions & { message?: string }) {
    super('ERR_JOURNEYS_TIMEOUT', options?.message ?? `Courier did not answer within ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * `runs.waitFor`: the run did not reach a status in `until` within `timeoutMs`. A {@link JourneysTimeoutError}
 * (code `ERR_JOURNEYS_TIMEOUT`) that also says which run and where it was last seen.
 */
export class JourneysRunWaitTimeoutError extends JourneysTimeoutError {
  /** The run that was waited for. */
  readonly runId: string;
  /** The run as the last poll saw it; undefined when no poll answered. */
  readonly lastRun: JourneyRun | undefined;
  /** `lastError`: the failure of the last poll, when the last poll failed (it becomes `cause`). */
  constructor(runId: string, timeoutMs: number, until: readonly string[], lastRun: JourneyRun | undefined, lastError?: unknown) {
    super(timeoutMs, {
      message:
        `Run "${runId}" did not reach ${until.join(' / ')} within ${timeoutMs} ms` +
        (lastRun === undefined ? ' (no poll answered)' : ` (last seen ${lastRun.status ?? 'without a status'})`) +
        (lastError === undefined ? '' : '; the last poll failed (see cause)'),
      cause: lastError,
    });
    this.runId = runId;
    this.lastRun = lastRun;
  }
}

/**
 * No connection to Courier became free within `queueTimeoutMs`: all `connections` were busy with
 * other calls. The attempt that waited was never sent, and it is not retried (waiting again would
 * only make the queue longer). Courier may be fine: this client is sending more than its
 * connections carry. Raise `connections` or `queueTimeoutMs`, or send fewer calls at once.
 *
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof JourneysQueueTimeoutError) metrics.increment('courier.client_saturated');
 * }
 * ```
 */
export class JourneysQueueTimeoutError extends JourneysError {
  /** The wait limit that was exceeded. */
  readonly queueTimeoutMs: number;
  /** The client's connection limit, all of them busy for the whole wait. */
  readonly connections: number;
  constructor(queueTimeoutMs: number, connections: number, options?: JourneysErrorOptions) {
    super(
      'ERR_JOURNEYS_QUEUE_TIMEOUT',
      `No connection to Courier became free within ${queueTimeoutMs} ms (all ${connections} connections were busy); ` +
        'this attempt was not sent. Raise connections or queueTimeoutMs, or send fewer calls at once',
      options,
    );
    this.queueTimeoutMs = queueTimeoutMs;
    this.connections = connections;
  }
}

/** The connection failed or dropped (before or during the response), after the retries that were allowed. */
export class JourneysConnectionError extends JourneysError {
  constructor(message: string, options?: JourneysErrorOptions) {
    super('ERR_JOURNEYS_CONNECTION', message, options);
  }
}

/**
 * Courier's answer was longer than `maxResponseBytes` and was not read further. Not retried: the
 * same request would bring the same answer. Courier's answers are a few hundred bytes, so this
 * usually means something in between (a proxy, a captive portal) answered instead.
 */
export class JourneysResponseTooLargeError extends JourneysError {
  /** The limit that was passed. */
  readonly maxResponseBytes: number;
  constructor(maxResponseBytes: number, options?: JourneysErrorOptions) {
    super(
      'ERR_JOURNEYS_RESPONSE_TOO_LARGE',
      `Courier's response was larger than ${maxResponseBytes} bytes (maxResponseBytes); it was not read further`,
      options,
    );
    this.maxResponseBytes = maxResponseBytes;
  }
}

/** The caller's `signal` aborted the call. Never retried. */
export class JourneysAbortError extends JourneysError {
  /** `call` names what was aborted (`invoke`, `cancel`, `runs.list`, ...), so a log line says which call it was. */
  constructor(options?: JourneysErrorOptions & { call?: string }) {
    super('ERR_JOURNEYS_ABORT', `The ${options?.call ?? 'invoke'} call was aborted by its signal`, options);
  }
}

/** The client was configured wrongly (missing API key, bad base URL, bad option). */
export class JourneysConfigurationError extends JourneysError {
  /**
   * Set (to `true`) only when the call named a journey its catalog (`defineJourneys()`) does not
   * have: no retry changes that, unlike other setup faults (a dependency that failed to load).
   * Read it as a property, not through `instanceof`, to agree with a second copy of this package.
   *
   * @example
   * ```ts
   * if ((error as { notInCatalog?: unknown }).notInCatalog === true) deadLetter(error);
   * ```
   */
  declare readonly notInCatalog?: true;

  constructor(message: string, options: { notInCatalog?: boolean } = {}) {
    super('ERR_JOURNEYS_CONFIG', message);
    if (options.notInCatalog === true) Object.defineProperty(this, 'notInCatalog', { value: true, enumerable: true });
  }
}

/** A call (`invoke()`, `cancel()`, a run read: `call` names it) was made after `close()`. */
export class JourneysClosedError extends JourneysError {
  constructor(call = 'invoke') {
    super('ERR_JOURNEYS_CLOSED', `This JourneysClient is closed; ${call} was not sent. Create a new client to make more calls`);
  }
}

/** Narrowing helper that works across copies of this package (it checks `code`, not identity). */
export function isJourneysError(value: unknown): value is JourneysError {
  return value instanceof JourneysError || (value instanceof Error && String((value as { code?: unknown }).code).startsWith('ERR_JOURNEYS_'));
}
