import type { JourneysError } from './errors.js';
import type { RetryReason } from './retry-policy.js';

/** What every hook event carries. The API key is never part of an event. */
export interface InvokeEvent {
  /** The journey template ID or alias being invoked, as the caller gave it. */
  templateId: string;
  /** The key every attempt of this call sends; the same on every retry. */
  idempotencyKey: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The user Courier will resolve, when the request names one. */
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
  /** An attempt is about to be sent. */
  onRequest?(event: InvokeEvent): void;
  /** An attempt produced a response (any status). */
  onResponse?(event: InvokeEvent & { status: number; durationMs: number; runId?: string }): void;
  /** An attempt failed and another follows after `delayMs`. */
  onRetry?(event: InvokeEvent & { reason: RetryReason; delayMs: number; status?: number; error: JourneysError }): void;
  /** The invocation failed for good (after retries). Not called for validation errors: nothing was sent. */
  onError?(event: InvokeEvent & { error: JourneysError }): void;
}

/**
 * What a hook's failure says in the warning. A hook may throw anything, including values that
 * cannot be turned into a string (`Object.create(null)`, a throwing `toString` or `message`
 * getter); describing the failure must not fail in turn.
 */
function describeFailure(err: unknown): string {
  try {
    if (err instanceof Error) return String(err.message);
    return String(err);
  } catch {
    try {
      return `an unprintable ${Object.prototype.toString.call(err)}`;
    } catch {
      return 'an unprintable value';
    }
  }
}

function reportFailure(err: unknown): void {
  try {
    process.emitWarning(`journeykit: a hook failed and was ignored: ${describeFailure(err)}`, { code: 'JOURNEYKIT_HOOK_ERROR' });
  } catch {
    // A 'warning' listener that throws is not ours to report; the call goes on regardless.
  }
}

/**
 * Calls a hook; a hook's own failure must never change the outcome of an invocation. A hook may
 * be `async`: a rejected promise is reported like a thrown error, instead of surfacing later as
 * an unhandled rejection that would end the process.
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
