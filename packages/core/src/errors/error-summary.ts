/**
 * What a failure may say where more people read than the request's own audience: a trace, a
 * metric, a shared log, an error tracker. A `JourneysApiError`'s `message` and `body` hold what the
 * server wrote, and a server or proxy that echoes the request puts the request's `profile` and
 * `data` there; a validation message may quote a value. The summary keeps only what journeykit
 * itself knows or can check the shape of.
 */
import { formatIssuePath, type JourneysError, type JourneysErrorCode, type ValidationIssue } from './errors.js';

/** The paths of at most this many validation issues go into a summary. */
const MAX_SUMMARY_PATHS = 10;

/** Courier's error types are snake_case words (`invalid_request_error`); anything else is not recorded. */
const ERROR_TYPE_SHAPE = /^[a-z][a-z0-9_]{0,63}$/;
/** A request id is one token of letters, digits and `-_.:`; an echoed request or header is not one. */
const REQUEST_ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** What {@link journeysErrorSummary} returns: a failure without anything the request or the server's text carried. */
export interface JourneysErrorSummary {
  /** The journeykit error code. */
  code: JourneysErrorCode;
  /** HTTP attempts sent. */
  attempts: number;
  /** The HTTP status Courier answered, for `ERR_JOURNEYS_API` and `ERR_JOURNEYS_RUN_NOT_FOUND`. */
  status?: number;
  /** Courier's error `type` (`invalid_request_error`, ...), when the body has one shaped like a type. */
  type?: string;
  /** Courier's request id (the API key already redacted), when it is shaped like an id. */
  requestId?: string;
  /**
   * One line: for an API error `Courier answered 400 (invalid_request_error), request id ...`,
   * never the server's own message; for a validation error the paths of the fields at fault,
   * never their values or the schema's words; otherwise journeykit's own message.
   */
  message: string;
}

/**
 * Describes a journeys error with nothing the request carried and nothing the server wrote in free
 * text: safe for traces, metrics, shared logs and error trackers. Log the error itself (its
 * `message` and `body` keep Courier's words, which is what says what to fix) only where you would
 * log the request. `@journeykit/opentelemetry` writes this message as the span status, and the
 * Nest exception filter logs it.
 *
 * @example
 * ```ts
 * import { isJourneysError, journeysErrorSummary } from '@journeykit/core';
 *
 * try {
 *   await client.invoke('welcome', { user_id: 'u1' });
 * } catch (err) {
 *   if (!isJourneysError(err)) throw err;
 *   const summary = journeysErrorSummary(err);
 *   console.warn(summary.message); // Courier answered 400 (invalid_request_error), request id req_8f2a9c
 * }
 * ```
 */
export function journeysErrorSummary(error: JourneysError): JourneysErrorSummary {
  const attempts = typeof error.attempts === 'number' ? error.attempts : 0;
  const summary: JourneysErrorSummary = { code: error.code, attempts, message: '' };
  if (error.code === 'ERR_JOURNEYS_VALIDATION') {
    summary.message = validationSummary(error as Partial<{ issues: ValidationIssue[]; unlisted: number }>);
    return summary;
  }
  const { status, body, requestId } = error as { status?: unknown; body?: unknown; requestId?: unknown };
  if (typeof status !== 'number') {
    summary.message = String(error.message);
    return summary;
  }
  summary.status = status;
  const type = body !== null && typeof body === 'object' ? (body as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && ERROR_TYPE_SHAPE.test(type)) summary.type = type;
  if (typeof requestId === 'string' && REQUEST_ID_SHAPE.test(requestId)) summary.requestId = requestId;
  summary.message =
    `Courier answered ${status}${status < 300 ? ' with an answer journeykit could not read' : ''}` +
    (summary.type === undefined ? '' : ` (${summary.type})`) +
    (summary.requestId === undefined ? '' : `, request id ${summary.requestId}`);
  return summary;
}

/** The issues' paths, never their messages: a schema's message may quote the value it refused. */
function validationSummary({ issues, unlisted }: Partial<{ issues: ValidationIssue[]; unlisted: number }>): string {
  if (!Array.isArray(issues)) return 'Invalid journey invocation; nothing was sent';
  const total = issues.length + (unlisted ?? 0);
  const paths = issues.slice(0, MAX_SUMMARY_PATHS).map((issue) => formatIssuePath(issue.path));
  const more = total > paths.length ? `, and ${total - paths.length} more` : '';
  return `Invalid journey invocation (${total} problem${total === 1 ? '' : 's'}); nothing was sent: ${paths.join(', ')}${more}`;
}
