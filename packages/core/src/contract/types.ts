import type { LifecycleCallOptions } from './journey-runs.js';

/**
 * The user profile sent with an invocation. Contact fields and identifiers are typed; any other
 * field is passed through to Courier untouched (it is merged into the stored profile).
 */
export interface Profile {
  /** Email address; with no user identifier anywhere, enough for Courier to send to. */
  email?: string;
  /** Phone number for SMS (E.164, e.g. `+15551234567`); like `email`, enough on its own. */
  phone_number?: string;
  /** The user's id; used when the request has no top-level `user_id` (see {@link resolveUserId}). */
  user_id?: string;
  /** Same as `user_id`, camel-cased; used after `profile.user_id`. */
  userId?: string;
  /** An id for a user who has not signed up yet; used after `profile.userId`. */
  anonymousId?: string;
  /** `context.tenant_id` selects a tenant-scoped profile; journeykit passes it through. */
  context?: {
    /** The tenant whose scoped profile Courier uses. */
    tenant_id?: string;
    [key: string]: unknown;
  };
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
  /** Who the journey is for: Courier's user id. Takes precedence over every id in `profile` and `data`. */
  user_id?: string;
  /** Contact details and ids, merged into the user's stored profile by Courier. */
  profile?: Profile;
  /** The journey's input, available to its steps and templates; JSON values only. */
  data?: Record<string, unknown>;
}

/** What Courier answers: the id of the journey run it created (or replayed for the same key). */
export interface InvokeResponse {
  /** The run's id, e.g. `1-65f3c2a1-9b0e6c1d2f3a4b5c6d7e8f90`: the same for every retry with one idempotency key. */
  runId: string;
}

/**
 * Per-call options of `invoke()`: those of every call ({@link LifecycleCallOptions}: `signal`,
 * `timeoutMs`, `maxRetries`) and the idempotency key with its lifetime.
 *
 * @example
 * ```ts
 * await client.invoke('order-shipped', request, { idempotencyKey: `order-${id}-shipped`, timeoutMs: 10_000 });
 * ```
 */
export interface InvokeOptions extends LifecycleCallOptions {
  /**
   * Idempotency key sent as `Idempotency-Key`. Default: a fresh random key per `invoke()` call,
   * `journeykit-<uuid>` (the prefix tells it from yours in a server log), the same on every retry
   * of that call. Pass your own (e.g. `order-${id}-shipped`) to make a call safe to repeat across
   * processes.
   */
  idempotencyKey?: string;
  /**
   * Sent as `X-Idempotency-Expiration` (ISO 8601): how long Courier keeps the key and replays
   * its first result (default about 24 h). Courier's range is 24 hours to 1 year from now: a date
   * outside it is a `JourneysValidationError`, nothing sent. Set it when retries of this call may
   * span longer than a day, as `@journeykit/outbox` does.
   */
  idempotencyExpiresAt?: Date;
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
  /**
   * Starts journey `templateId` for the user the request names: validates it (a bad request
   * rejects with `JourneysValidationError` and nothing is sent), then resolves with the run's id.
   */
  invoke(templateId: string, request: InvokeRequest, options?: InvokeOptions): Promise<InvokeResponse>;
}
