import type { Attributes, Meter, ObservableResult } from '@opentelemetry/api';
import {
  ATTR_DEAD_LETTER_REASON,
  ATTR_ERROR_TYPE,
  ATTR_JOURNEY,
  ATTR_OUTBOX_QUEUE,
  METRIC_OUTBOX_DEAD_LETTERED,
  METRIC_OUTBOX_DELIVERED,
  METRIC_OUTBOX_ENQUEUED,
  METRIC_OUTBOX_OLDEST_PENDING_AGE,
  METRIC_OUTBOX_RETRIED,
} from './attributes.js';

/**
 * The outbox's side of the seam, written out here (structurally the same as `OutboxTelemetry` in
 * `@journeykit/outbox`) so that this package does not depend on the outbox and its Node 22 floor.
 */
export interface OutboxProbe {
  /** The pg-boss queue deliveries come from. */
  readonly queue: string;
  /** Milliseconds the oldest job waiting for delivery has waited; undefined when none waits, or before `start()`. */
  oldestPendingAgeMs(): Promise<number | undefined>;
}

/** What an outbox reports to: the events its hooks see, and its stop. */
export interface OutboxObserver {
  /** An invocation was stored. */
  onEnqueue(event: { templateId: string }): void;
  /** Courier started the run. */
  onDeliver(event: { templateId: string }): void;
  /** A delivery failed and pg-boss will retry it. */
  onRetry(event: { templateId: string; error: { code: string } }): void;
  /** A delivery failed for good. */
  onDeadLetter(event: { templateId: string; reason: string; error: { code: string } }): void;
  /** The outbox stopped: its gauge stops reading the database. */
  stop(): void;
}

/** A telemetry an outbox can report to (`new JourneysOutbox({ ..., telemetry })`). */
export interface OutboxTelemetry {
  /** Called once by each outbox, when it is made. */
  observeOutbox(probe: OutboxProbe): OutboxObserver;
}

/** The outbox instruments: made once per telemetry, shared by every outbox it observes. */
export function createOutboxTelemetry(meter: Meter): OutboxTelemetry {
  const enqueued = meter.createCounter(METRIC_OUTBOX_ENQUEUED, { description: 'Invocations stored in the outbox', unit: '{invocation}' });
  const delivered = meter.createCounter(METRIC_OUTBOX_DELIVERED, {
    description: 'Invocations the outbox delivered (Courier started the run)',
    unit: '{invocation}',
  });
  const retried = meter.createCounter(METRIC_OUTBOX_RETRIED, { description: 'Deliveries that failed and will be retried', unit: '{delivery}' });
  const deadLettered = meter.createCounter(METRIC_OUTBOX_DEAD_LETTERED, {
    description: 'Invocations moved to the dead-letter queue',
    unit: '{invocation}',
  });
  const oldestPending = meter.createObservableGauge(METRIC_OUTBOX_OLDEST_PENDING_AGE, {
    description: 'Age of the oldest invocation waiting for delivery (0 when none waits)',
    unit: 's',
  });

  return {
    observeOutbox(probe: OutboxProbe): OutboxObserver {
      const queue = probe.queue;
      const journey = (templateId: string, extra?: Attributes): Attributes => ({ [ATTR_OUTBOX_QUEUE]: queue, [ATTR_JOURNEY]: templateId, ...extra });
      // Read at each collection (every export interval), one indexed query; a failed read skips the point.
      const observe = async (result: ObservableResult): Promise<void> => {
        let age: number | undefined;
        try {
          age = await probe.oldestPendingAgeMs();
        } catch {
          return;
        }
        // OpenTelemetry's semantic conventions count durations in seconds.
        result.observe((age ?? 0) / 1000, { [ATTR_OUTBOX_QUEUE]: queue });
      };
      oldestPending.addCallback(observe);
      return {
        onEnqueue: (e) => enqueued.add(1, journey(e.templateId)),
        onDeliver: (e) => delivered.add(1, journey(e.templateId)),
        onRetry: (e) => retried.add(1, journey(e.templateId, { [ATTR_ERROR_TYPE]: e.error.code })),
        onDeadLetter: (e) => deadLettered.add(1, journey(e.templateId, { [ATTR_DEAD_LETTER_REASON]: e.reason, [ATTR_ERROR_TYPE]: e.error.code })),
        stop: () => oldestPending.removeCallback(observe),
      };
    },
  };
}
