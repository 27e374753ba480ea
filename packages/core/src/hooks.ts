import type { JourneysError } from './errors.js';
import type { RetryReason } from './retry-policy.js';

/** What every hook event carries. The API key is never part of an event. */
export interface InvokeEvent {
  templateId: string;
  idempotencyKey: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The user Courier will resolve, when the request names one. */
  userId: string | undefined;
}

/**
 * Observability hooks: plug in logging, metrics or tracing without wrapping the client. Hooks
 * run synchronously on the request path, so keep them cheap; an exception thrown by a hook is
 * reported as a process warning and never affects the invocation.
 *
 * @example
 * ```ts
 * new JourneysClient({
 *   hooks: {
 *     onRetry: (e) => logger.warn({ templateId: e.templateId, reason: e.reason, delayMs: e.delayMs }, 'retrying journey'),
 *     onResponse: (e) => metrics.histogram('courier.invoke.ms', e.durationMs, { status: e.status }),
 *   },
 * });
 * ```
 */
export interface JourneysHooks {
  /** An attempt is about to be sent. */
  onRequest?(event: InvokeEvent): void;
  /** An attempt produced a response (any status). */
  onResponse?(event: InvokeEvent & { status: number; durationMs: number; runId?: string }): void;
  /** An attempt failed and another follows after `delayMs`. */
  onRetry?(event: InvokeEvent & { reason: RetryReason; delayMs: number; status?: number; error: JourneysError }): void;
  /** The invocation failed for good (after retries). Not called for validation errors: nothing was sent. */
  onError?(event: InvokeEvent & { error: JourneysError }): void;
}

/** Calls a hook; a hook's own failure must never change the outcome of an invocation. */
export function callHook<E>(hook: ((event: E) => void) | undefined, event: E): void {
  if (hook === undefined) return;
  try {
    hook(event);
  } catch (err) {
    process.emitWarning(`journeykit: a hook threw and was ignored: ${err instanceof Error ? err.message : String(err)}`, {
      code: 'JOURNEYKIT_HOOK_ERROR',
    });
  }
}
