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
  | 'ERR_JOURNEYS_CONNECTION'
  | 'ERR_JOURNEYS_ABORT'
  | 'ERR_JOURNEYS_CONFIG'
  | 'ERR_JOURNEYS_CLOSED'
  | 'ERR_JOURNEYS_OUTBOX';

/** Base class of every error journeykit throws. */
export class JourneysError extends Error {
  /** Stable machine-readable kind of failure. */
  readonly code: JourneysErrorCode;
  /**
   * How many HTTP attempts were made before this error was reported (0 when nothing was sent).
   */
  attempts = 0;

  constructor(code: JourneysErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
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
  readonly issues: ValidationIssue[];
  /** The template the call was for, when it was a string. */
  readonly templateId: string | undefined;

  constructor(issues: ValidationIssue[], templateId?: string) {
    const head =
      `Invalid journey invocation${typeof templateId === 'string' && templateId !== '' ? ` of "${templateId}"` : ''}` +
      ` (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was sent:`;
    super(
      'ERR_JOURNEYS_VALIDATION',
      [head, ...issues.map((i) => `  - ${formatIssuePath(i.path)}: ${i.message}`)].join('\n'),
    );
    this.issues = issues;
    this.templateId = templateId;
  }
}

/**
 * Courier answered with a status that is not a success (after any retries), or with a success
 * that carries no usable `runId`.
 */
export class JourneysApiError extends JourneysError {
  /** HTTP status of the last response. */
  readonly status: number;
  /** Parsed JSON body of that response, or its text when it was not JSON. */
  readonly body: unknown;
  /** The response's request id header (`x-request-id` / `request-id`), for support tickets. */
  readonly requestId: string | undefined;

  constructor(message: string, status: number, body: unknown, requestId?: string) {
    super('ERR_JOURNEYS_API', message);
    this.status = status;
    this.body = body;
    this.requestId = requestId;
  }
}

/** Every attempt ran out of time (`timeoutMs` covers the whole response, body included). */
export class JourneysTimeoutError extends JourneysError {
  /** The per-attempt limit that was exceeded. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super('ERR_JOURNEYS_TIMEOUT', `Courier did not answer within ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The connection failed or dropped (before or during the response) and retries were spent. */
export class JourneysConnectionError extends JourneysError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_JOURNEYS_CONNECTION', message, options);
  }
}

/** The caller's `signal` aborted the call. Never retried. */
export class JourneysAbortError extends JourneysError {
  constructor(options?: { cause?: unknown }) {
    super('ERR_JOURNEYS_ABORT', 'The journey invocation was aborted by its signal', options);
  }
}

/** The client was configured wrongly (missing API key, bad base URL, bad option). */
export class JourneysConfigurationError extends JourneysError {
  constructor(message: string) {
    super('ERR_JOURNEYS_CONFIG', message);
  }
}

/** `invoke()` was called after `close()`. */
export class JourneysClosedError extends JourneysError {
  constructor() {
    super('ERR_JOURNEYS_CLOSED', 'This JourneysClient is closed; create a new client to invoke more journeys');
  }
}

/** Narrowing helper that works across copies of this package (it checks `code`, not identity). */
export function isJourneysError(value: unknown): value is JourneysError {
  return (
    value instanceof JourneysError ||
    (value instanceof Error && String((value as { code?: unknown }).code).startsWith('ERR_JOURNEYS_'))
  );
}
