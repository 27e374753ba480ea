/**
 * The seam metrics plug into. The outbox knows no metrics library: `@journeykit/opentelemetry`
 * implements {@link OutboxTelemetry} on the OpenTelemetry API (`journeysTelemetry()` is one), and
 * anything else can too. Unlike `hooks` (the app's own callbacks), a telemetry also gets a probe
 * it can poll, for gauges such as the age of the oldest pending job.
 */
import type { OutboxHooks } from './hooks.js';

/** What an outbox lets a telemetry read. */
export interface OutboxProbe {
  /** The pg-boss queue deliveries come from. */
  readonly queue: string;
  /** The pg-boss queue dead letters go to. */
  readonly deadLetterQueue: string;
  /**
   * Seconds since the oldest invocation still waiting for delivery (stored, or failed and waiting
   * for its retry) was enqueued, or since it was due when it was enqueued with a delay; undefined
   * when none waits, or before `start()`. One indexed query per call: poll it, don't loop on it.
   */
  oldestPendingAgeSeconds(): Promise<number | undefined>;
}

/** What the outbox reports to: the events its hooks get, and its stop. Every method is optional and must not throw. */
export interface OutboxObserver extends Pick<OutboxHooks, 'onEnqueue' | 'onDeliver' | 'onRetry' | 'onDeadLetter'> {
  /** The outbox stopped: stop polling its probe. */
  stop?(): void;
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
