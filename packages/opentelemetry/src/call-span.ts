import { isJourneysError, journeysErrorSummary, type JourneysError, type RetryReason } from '@journeykit/core';
import type { JourneysAttemptEnd, JourneysCallInfo, JourneysCallObserver } from '@journeykit/core/internal';
import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_ATTEMPT,
  ATTR_ATTEMPT_DURATION,
  ATTR_ATTEMPTS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_OUTCOME,
  ATTR_RETRY_DELAY,
  ATTR_RETRY_REASON,
  ATTR_RUN_ID,
  ATTR_USER_ID,
  EVENT_ATTEMPT,
  EVENT_RETRY,
} from './attributes.js';
import type { CallMetrics } from './call-metrics.js';

type Outcome = Parameters<JourneysCallObserver['end']>[0];

/**
 * What one call's span and metrics hear from the client. Attempts are events on the call's span,
 * not child spans: with `@opentelemetry/instrumentation-undici` each attempt already has its HTTP
 * CLIENT span below ours, and a second span per attempt would double the trace for nothing.
 *
 * A call that succeeds at its first attempt gets no attempt event: the span itself says all of it
 * (one attempt, its status, its duration), and an event per call was a measurable part of the cost
 * of recording one. The first attempt's event is written, with the time it ended, as soon as a
 * retry or a failure makes it one of several.
 */
export class CallRecorder implements JourneysCallObserver {
  #ended = false;
  #status: number | undefined;
  readonly #recording: boolean;
  readonly #started = performance.now();
  /** The first attempt's end and when it came, until a retry or a failure says it deserves its event (fields, not an object per call). */
  #firstEnd: JourneysAttemptEnd | undefined;
  #firstAt = 0;

  constructor(
    private readonly span: Span,
    private readonly info: JourneysCallInfo,
    private readonly metrics: CallMetrics | undefined,
    private readonly recordUserId: boolean,
    recording: boolean,
  ) {
    this.#recording = recording;
  }

  attemptEnd(end: JourneysAttemptEnd): void {
    if (end.status !== undefined) this.#status = end.status;
    if (!this.#recording) return;
    // A performance.now() reading: the SDK puts it on the span's own clock, like the times it takes itself.
    if (end.attempt === 1) {
      this.#firstEnd = end;
      this.#firstAt = performance.now();
    } else this.#attemptEvent(end, undefined);
  }

  #flushFirst(): void {
    if (this.#firstEnd === undefined) return;
    this.#attemptEvent(this.#firstEnd, this.#firstAt);
    this.#firstEnd = undefined;
  }

  #attemptEvent(end: JourneysAttemptEnd, at: number | undefined): void {
    const attributes: Attributes = { [ATTR_ATTEMPT]: end.attempt, [ATTR_ATTEMPT_DURATION]: end.durationMs };
    if (end.attempt > 1) attributes[ATTR_HTTP_REQUEST_RESEND_COUNT] = end.attempt - 1;
    if (end.status !== undefined) attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = end.status;
    if (end.error !== undefined) attributes[ATTR_ERROR_TYPE] = end.error.code;
    this.span.addEvent(EVENT_ATTEMPT, attributes, at);
  }

  retry(retry: { attempt: number; reason: RetryReason; delayMs: number; status?: number; error: JourneysError }): void {
    this.metrics?.retried(this.info.kind, this.info.templateId, retry.reason);
    if (!this.#recording) return;
    this.#flushFirst();
    const attributes: Attributes = {
      [ATTR_ATTEMPT]: retry.attempt,
      [ATTR_RETRY_REASON]: retry.reason,
      [ATTR_RETRY_DELAY]: retry.delayMs,
      [ATTR_ERROR_TYPE]: retry.error.code,
    };
    if (retry.status !== undefined) attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = retry.status;
    this.span.addEvent(EVENT_RETRY, attributes);
  }

  end(outcome: Outcome): void {
    if (this.#ended) return;
    this.#ended = true;
    const { span } = this;
    const ok = outcome.ok;
    this.metrics?.ended(this.info.kind, this.info.templateId, ok ? undefined : outcome.error.code, (performance.now() - this.#started) / 1000);
    if (this.#recording) {
      // One setAttribute each, not an object for setAttributes: the SDK would walk it key by key anyway.
      span.setAttribute(ATTR_OUTCOME, ok ? 'success' : 'failure');
      span.setAttribute(ATTR_ATTEMPTS, outcome.attempts);
      if (outcome.attempts > 1) span.setAttribute(ATTR_HTTP_REQUEST_RESEND_COUNT, outcome.attempts - 1);
      if (this.#status !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, this.#status);
      // The client fills the user in once validation has read it.
      if (this.recordUserId && this.info.userId !== undefined) span.setAttribute(ATTR_USER_ID, this.info.userId);
      if (ok) {
        if (outcome.runId !== undefined) span.setAttribute(ATTR_RUN_ID, outcome.runId);
      } else {
        this.#flushFirst();
        span.setAttribute(ATTR_ERROR_TYPE, outcome.error.code);
        // Never the error's own message: a server that echoes the request would put profile and data in it.
        span.setStatus({ code: SpanStatusCode.ERROR, message: journeysErrorSummary(outcome.error).message });
      }
    }
    span.end();
  }

  /** `run` threw instead of returning a promise: the call is over, and the client could not say so. */
  threw(error: unknown): void {
    if (!this.#ended) this.end({ ok: false, attempts: 0, error: toJourneysError(error) });
  }
}

function toJourneysError(error: unknown): JourneysError {
  if (isJourneysError(error)) return error;
  return { code: 'ERR_JOURNEYS_CONNECTION', message: 'The call failed', name: 'Error' } as JourneysError;
}
