/**
 * The seam metrics plug into. The outbox knows no metrics library: `@journeykit/opentelemetry`
 * implements {@link OutboxTelemetry} on the OpenTelemetry API (`journeysTelemetry()` is one), and
 * anything else can too. Unlike `hooks` (the app's own callbacks), a telemetry also gets a probe
 * it can poll, for gauges such as the age of the oldest pending job.
 */
import type { DeadLetterReason, OutboxHooks } from './hooks.js';

/** What an outbox lets a telemetry read. */
export interface OutboxProbe {
  /** The pg-boss queue deliveries come from. */
  readonly queue: string;
  /** The pg-boss queue dead letters go to. */
  readonly deadLetterQueue: string;
  /**
   * Milliseconds since the oldest invocation still waiting for delivery (stored, or failed and waiting
   * for its retry) was enqueued, or since it was due when it was enqueued with a delay; undefined
   * when none waits, or before `start()`. One indexed query per call: poll it, don't loop on it.
   */
  oldestPendingAgeMs(): Promise<number | undefined>;
}

/**
 * What a telemetry hears about one invocation. Less than a hook's event: no user id, no idempotency
 * key (a caller may build one from personal data), and a failure is its code and status only. A
 * failure's message may quote what the server echoed of the request, and telemetry is exported to
 * wherever traces and metrics go.
 */
export interface OutboxTelemetryEvent {
  /** The pg-boss job id. */
  jobId: string;
  /** The journey template ID or alias, as given to `enqueue`. */
  templateId: string;
}

/** A failed delivery as a telemetry hears it. */
export interface OutboxTelemetryFailure {
  /** The journeys error code, e.g. `ERR_JOURNEYS_API`. */
  code: string;
  /** Courier's HTTP status, when it answered. */
  status?: number;
}

/** What the outbox reports to; every method is optional and must not throw. */
export interface OutboxObserver {
  /** An invocation was stored (it may still roll back with the caller's transaction). */
  onEnqueue?(event: OutboxTelemetryEvent): void;
  /** Courier started the run; `attempt` 1 for the first. */
  onDeliver?(event: OutboxTelemetryEvent & { attempt: number; durationMs: number }): void;
  /** A delivery failed and pg-boss will retry it. */
  onRetry?(event: OutboxTelemetryEvent & { attempt: number; error: OutboxTelemetryFailure }): void;
  /** A delivery failed for good. */
  onDeadLetter?(event: OutboxTelemetryEvent & { attempt: number; error: OutboxTelemetryFailure; reason: DeadLetterReason }): void;
  /** The outbox stopped: stop polling its probe. */
  stop?(): void;
}

/** The hook-shaped side the outbox reports to; see {@link toTelemetry}. */
export type TelemetryReporter = Pick<OutboxHooks, 'onEnqueue' | 'onDeliver' | 'onRetry' | 'onDeadLetter'> & { stop?(): void };

/**
 * Hands a telemetry the hooks' events cut down to {@link OutboxTelemetryEvent}: whatever the
 * telemetry does with them, no user, key or server text can reach it.
 */
export function toTelemetry(observer: OutboxObserver | undefined): TelemetryReporter | undefined {
  if (observer === undefined) return undefined;
  const failure = (error: { code: string; status?: number }): OutboxTelemetryFailure =>
    error.status === undefined ? { code: error.code } : { code: error.code, status: error.status };
  return {
    onEnqueue: (e) => observer.onEnqueue?.({ jobId: e.jobId, templateId: e.templateId }),
    onDeliver: (e) => observer.onDeliver?.({ jobId: e.jobId, templateId: e.templateId, attempt: e.attempt, durationMs: e.durationMs }),
    onRetry: (e) => observer.onRetry?.({ jobId: e.jobId, templateId: e.templateId, attempt: e.attempt, error: failure(e.error) }),
    onDeadLetter: (e) =>
      observer.onDeadLetter?.({ jobId: e.jobId, templateId: e.templateId, attempt: e.attempt, error: failure(e.error), reason: e.reason }),
    stop: () => observer.stop?.(),
  };
}

/**
 * A telemetry for the outbox, given as `new JourneysOutbox({ ..., telemetry })`.
 *
 * @example
 * ```ts
 * import { journeysTelemetry } from '@journeykit/opentelemetry';
 * const telemetry = journeysTelemetry();
 * const outbox = new JourneysOutbox({ boss, client: new JourneysClient({ telemetry }), telemetry });
 * ```
 */
export interface OutboxTelemetry {
  /** Called once, when the outbox is made. */
  observeOutbox(probe: OutboxProbe): OutboxObserver;
}
