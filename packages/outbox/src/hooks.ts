/** What every outbox event carries. Never the API key, never the request's `profile` or `data`. */
export interface OutboxEvent {
  /** The pg-boss job id. */
  jobId: string;
  /** The journey template ID or alias the invocation starts, as given to `enqueue`. */
  templateId: string;
  /** The key every delivery attempt of this invocation sends. */
  idempotencyKey: string;
  /** The user Courier will resolve, when the request names one. */
  userId: string | undefined;
}

/** Why a delivery failed, as stored with a dead letter and reported to hooks. */
export interface DeliveryFailure {
  /** The journeys error code, e.g. `ERR_JOURNEYS_API`, `ERR_JOURNEYS_CONNECTION`. */
  code: string;
  /** Courier's HTTP status, when it answered. */
  status?: number;
  /** The typed error's message (never the API key or the idempotency key). */
  message: string;
  /** Courier's request id, for support tickets. */
  requestId?: string;
}

/** The delivery attempt an event is about (1 for the first). */
export interface DeliveryEvent extends OutboxEvent {
  /** 1 for the first attempt; above 1 after retries or after a worker died mid-delivery (the same key is sent). */
  attempt: number;
}

/**
 * Observability hooks. They run on the delivery path: keep them cheap. A hook that throws (or
 * returns a rejected promise) is reported as a process warning and never changes what happens to
 * the invocation.
 *
 * @example
 * ```ts
 * new JourneysOutbox({
 *   boss, client,
 *   hooks: {
 *     onDeadLetter: (e) => logger.error({ templateId: e.templateId, error: e.error }, 'journey dead-lettered'),
 *     onRetry: (e) => metrics.increment('outbox.retry', { code: e.error.code }),
 *   },
 * });
 * ```
 */
export interface OutboxHooks {
  /** An invocation was stored (in the caller's transaction, when one was given: it may still roll back). */
  onEnqueue?(event: OutboxEvent & { startAfter: Date | undefined }): void;
  /** Courier started (or, for a replayed key, had already started) the run. */
  onDeliver?(event: DeliveryEvent & { runId: string; durationMs: number }): void;
  /** A delivery failed for a reason that may pass; pg-boss retries it after a backoff. */
  onRetry?(event: DeliveryEvent & { error: DeliveryFailure }): void;
  /**
   * A delivery failed for good and went to the dead-letter queue: `permanent` (Courier refused
   * it: a 4xx other than 408/409/429, or invalid input), `configuration` (the journey is not
   * in the worker's catalog; other configuration errors are retried) or `horizon` (still failing
   * when the retry horizon ended, or the key's lifetime ran out).
   */
  onDeadLetter?(event: DeliveryEvent & { error: DeliveryFailure; reason: DeadLetterReason }): void;
  /** pg-boss reported an error of its own (e.g. the database went away while polling). */
  onError?(event: { error: Error }): void;
}

/**
 * Why an invocation was dead-lettered, which decides how a replay treats it: `permanent` (Courier
 * refused it, so a replay sends a new key, the old one would only replay the refusal) or
 * `horizon` (still failing transiently when the retry horizon ended, so a replay keeps the key
 * in case a run did start), or `configuration` (the journey is not in the worker's catalog, refused
 * before sending: no retry would help; a replay, once the worker
 * is fixed, keeps the key).
 */
export type DeadLetterReason = 'permanent' | 'horizon' | 'configuration';

// A hook's failure never reaches the caller: core's callHook reports it as a JOURNEYKIT_HOOK_ERROR warning.
export { callHook } from '@journeykit/core/internal';
