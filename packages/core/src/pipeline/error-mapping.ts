/**
 * Turns what an attempt produced (a fault, or an answer that is not a success) into the typed
 * error the caller sees. Everything from the server passes through the redactor first: a server
 * or proxy that echoes the Authorization header must not carry the key into an error.
 */
import {
  JourneysAbortError,
  JourneysApiError,
  JourneysConnectionError,
  JourneysQueueTimeoutError,
  JourneysResponseTooLargeError,
  JourneysRunNotFoundError,
  JourneysTimeoutError,
  type JourneysError,
} from '../errors/errors.js';
import type { Redactor } from '../shared/redact.js';
import type { JourneysCallKind } from './telemetry.js';
import { parseRetryAfter } from '../contract/retry-after.js';
import { markUnexplained } from '../errors/failure-class.js';
import { echoesSentValue, type SentValues } from '../contract/echoed-request-id.js';
import { findHeader, parseBody } from '../contract/response-decoding.js';
import { AttemptFault, type AttemptResponse } from '../transport/attempt.js';

/** The client settings error messages quote. */
export interface ErrorLimits {
  origin: string;
  maxRetryAfterMs: number;
  maxResponseBytes: number;
  queueTimeoutMs: number;
  connections: number;
}

/**
 * undici 7 refuses a `100 Continue` the request did not ask for (and any answer with no request
 * waiting for it): it destroys the socket with "bad response". That cannot be undone above undici,
 * so the error at least says what happened.
 */
const UNREADABLE_INTERIM_RESPONSE =
  ' (the server, or a proxy in between, sent an interim "100 Continue" or an answer nobody asked for; undici does not accept it)';

/** Builds the typed errors of one client. */
export class ErrorMapper {
  constructor(
    private readonly redact: Redactor,
    private readonly limits: ErrorLimits,
  ) {}

  /**
   * The error for an answer: `message` plus Courier's own message when the body has one. A 404
   * about a run (`notFoundRunId`) is a {@link JourneysRunNotFoundError}. A request id that is a value
   * of what was `sent` (echoed back) is dropped.
   */
  response(
    response: AttemptResponse,
    message: string,
    attempts: number,
    sent: SentValues,
    parsed: unknown = parseBody(response.body),
    notFoundRunId?: string,
  ): JourneysApiError {
    const body = this.redact.value(parsed);
    const rawRequestId = findHeader(response.rawHeaders, 'x-request-id') ?? findHeader(response.rawHeaders, 'request-id');
    const requestId = rawRequestId === undefined || echoesSentValue(rawRequestId, sent) ? undefined : this.redact.text(rawRequestId);
    const detail =
      body !== null && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string'
        ? `: ${(body as { message: string }).message}`
        : '';
    if (notFoundRunId !== undefined && response.status === 404) {
      return new JourneysRunNotFoundError(this.redact.text(notFoundRunId), `${message}${detail}`, body, requestId, { attempts });
    }
    const retryAfterMs = parseRetryAfter(findHeader(response.rawHeaders, 'retry-after'), this.limits.maxRetryAfterMs);
    return new JourneysApiError(`${message}${detail}`, response.status, body, requestId, { retryAfterMs, attempts });
  }

  /** The error for an attempt that produced no complete answer. */
  fault(fault: unknown, timeoutMs: number, attempts: number, call: JourneysCallKind): JourneysError {
    if (!(fault instanceof AttemptFault)) return this.unexpected(fault, attempts, 'Unexpected transport failure');
    const detail = fault.detail;
    if (fault.kind === 'abort')
      return new JourneysAbortError({ cause: detail !== undefined && 'reason' in detail ? detail.reason : undefined, attempts, call });
    const cause = detail === undefined ? undefined : this.redact.value(detail);
    switch (fault.kind) {
      case 'timeout':
        return new JourneysTimeoutError(timeoutMs, { cause, attempts });
      case 'queue-timeout':
        return new JourneysQueueTimeoutError(this.limits.queueTimeoutMs, this.limits.connections, { attempts });
      case 'too-large':
        return new JourneysResponseTooLargeError(this.limits.maxResponseBytes, { attempts });
      default: {
        const message = detail !== undefined && 'message' in detail ? detail.message : undefined;
        const interim = fault.code === 'UND_ERR_SOCKET' && message === 'bad response';
        return new JourneysConnectionError(
          `Connection to ${this.limits.origin} failed${message ? `: ${this.redact.text(String(message))}` : ''}` +
            (interim ? UNREADABLE_INTERIM_RESPONSE : ''),
          { cause, attempts },
        );
      }
    }
  }

  /** Anything else that went wrong: still a typed error, with the key out of its message. */
  unexpected(err: unknown, attempts: number, message = 'Unexpected failure while calling Courier'): JourneysError {
    // Whatever it was, waiting will not fix it: runs.waitFor must not poll on until its deadline.
    return markUnexplained(new JourneysConnectionError(message, { cause: this.redact.error(err), attempts }));
  }
}
