/**
 * The user profile sent with an invocation. Contact fields and identifiers are typed; any other
 * field is passed through to Courier untouched (it is merged into the stored profile).
 */
export interface Profile {
  email?: string;
  phone_number?: string;
  user_id?: string;
  userId?: string;
  anonymousId?: string;
  /** `context.tenant_id` selects a tenant-scoped profile; journeykit passes it through. */
  context?: { tenant_id?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * Body of `POST /journeys/{templateId}/invoke`. Every field is optional, but the request must
 * carry a user identifier or a profile with contact information (see {@link resolveUserId}).
 *
 * @example
 * ```ts
 * const request: InvokeRequest = { user_id: 'user-123', data: { order_id: 'order-456' } };
 * ```
 */
export interface InvokeRequest {
  user_id?: string;
  profile?: Profile;
  data?: Record<string, unknown>;
}

/** What Courier answers: the id of the journey run it created (or replayed for the same key). */
export interface InvokeResponse {
  runId: string;
}

/** Per-call options. */
export interface InvokeOptions {
  /**
   * Idempotency key sent as `Idempotency-Key`. Default: a fresh random key per `invoke()` call,
   * the same on every retry of that call. Pass your own (e.g. `order-${id}-shipped`) to make a
   * call safe to repeat across processes.
   */
  idempotencyKey?: string;
  /**
   * Sent as `X-Idempotency-Expiration` (Unix seconds): how long Courier keeps the key and replays
   * its first result (default about 24 h, at most a year). Set it when retries of this call may
   * span longer than a day, as `@journeykit/outbox` does.
   */
  idempotencyExpiresAt?: Date;
  /** Aborts the attempt in flight and any backoff wait; an abort is never retried. */
  signal?: AbortSignal;
  /** Per-attempt limit in milliseconds; covers the whole response, body included. */
  timeoutMs?: number;
  /** Retries after the first attempt (0 disables retrying). */
  maxRetries?: number;
}

/**
 * The one interface every journeykit invoker implements: the real client, the Express
 * `req.journeys`, the Nest `JourneysService` and the test kit's fakes.
 *
 * @example
 * ```ts
 * async function onSignup(journeys: JourneysInvoker, userId: string) {
 *   const { runId } = await journeys.invoke('welcome', { user_id: userId });
 *   return runId;
 * }
 * ```
 */
export interface JourneysInvoker {
  invoke(templateId: string, request: InvokeRequest, options?: InvokeOptions): Promise<InvokeResponse>;
}
