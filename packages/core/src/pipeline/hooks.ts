import type { JourneysError } from '../errors/errors.js';
import type { RetryReason } from '../transport/retry-policy.js';
import type { JourneysCallKind } from './telemetry.js';
import { thrownText } from '../shared/thrown-text.js';

/** What every hook event carries, for every call (invoke, cancel, run reads). Never the API key. */
export interface JourneysCallEvent {
  /** Which call this attempt belongs to. */
  kind: JourneysCallKind;
  /** The journey template ID or alias, for an invoke (as the caller gave it). */
  templateId: string | undefined;
  /** The run, for a cancel by run id and the run reads. */
  runId: string | undefined;
  /** The key every attempt of a POST sends (the same on every retry); undefined for a GET. */
  idempotencyKey: string | undefined;
  /** 1 for the first attempt. */
  attempt: number;
  /** The user Courier will resolve, for an invoke whose request names one. */
  userId: string | undefined;
}

/**
 * Observability hooks: plug in logging, metrics or tracing without wrapping the client. Hooks
 * run synchronously on the request path, so keep them cheap; an exception thrown by a hook, or a
 * rejected promise returned by an `async` hook, is reported as a process warning
 * (`JOURNEYKIT_HOOK_ERROR`) and never affects the invocation. The call does not wait for an
 * `async` hook.
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
  /** An attempt is about to be sent (it has a connection). */
  onRequest?(event: JourneysCallEvent): void;
  /** An attempt produced a complete response, whatever its status; `runId` is set for an invoke's success. */
  onResponse?(event: JourneysCallEvent & { status: number; durationMs: number; runId?: string }): void;
  /** An attempt failed and another follows after `delayMs`. */
  onRetry?(event: JourneysCallEvent & { reason: RetryReason; delayMs: number; status?: number; error: JourneysError }): void;
  /**
   * The call failed for good: no retry is left or allowed. Not called for validation errors
   * (nothing was sent) nor when the client was already closed.
   */
  onError?(event: JourneysCallEvent & { error: JourneysError }): void;
}

function reportFailure(err: unknown): void {
  try {
    const text = `journeykit: a hook failed and was ignored: ${thrownText(err)}`;
    // Next's edge runtime gives `process` nothing but `env`: a console line is all it can show.
    if (typeof process.emitWarning === 'function') process.emitWarning(text, { code: 'JOURNEYKIT_HOOK_ERROR' });
    else console.warn(text);
  } catch {
    // A 'warning' listener that throws is not ours to report; the call goes on regardless.
  }
}

/**
 * Calls a hook; a hook's own failure must never change the outcome of a call. A hook may be
 * `async`: a rejected promise is reported like a thrown error, instead of surfacing later as an
 * unhandled rejection that would end the process. The outbox calls its hooks through this too.
 *
 * @example
 * ```ts
 * callHook(hooks.onRetry, { templateId, attempt, reason, delayMs }); // never throws
 * ```
 */
export function callHook<E>(hook: ((event: E) => unknown) | undefined, event: E): void {
  if (hook === undefined) return;
  try {
    const result = hook(event);
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      Promise.resolve(result).then(undefined, reportFailure);
    }
  } catch (err) {
    reportFailure(err);
  }
}
