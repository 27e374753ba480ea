/**
 * @journeykit/opentelemetry: traces and metrics for Courier journeys through the OpenTelemetry
 * API. `journeysTelemetry()` plugs into `JourneysClient`, the Express middleware, the Nest module
 * and the outbox.
 */
export { journeysTelemetry, INSTRUMENTATION_SCOPE, type JourneysOpenTelemetry } from './journeys-telemetry.js';
export type { JourneysTelemetryOptions } from './options.js';
export type { OutboxObserver, OutboxProbe, OutboxTelemetry } from './outbox-metrics.js';
export { CALL_DURATION_BUCKETS } from './call-metrics.js';
export {
  ATTR_ATTEMPT,
  ATTR_ATTEMPT_DURATION,
  ATTR_ATTEMPTS,
  ATTR_CALL_KIND,
  ATTR_DEAD_LETTER_REASON,
  ATTR_JOURNEY,
  ATTR_OUTBOX_QUEUE,
  ATTR_OUTCOME,
  ATTR_RETRY_DELAY,
  ATTR_RETRY_REASON,
  ATTR_RUN_ID,
  EVENT_ATTEMPT,
  EVENT_RETRY,
  METRIC_CALL_DURATION,
  METRIC_CALLS,
  METRIC_OUTBOX_DEAD_LETTERED,
  METRIC_OUTBOX_DELIVERED,
  METRIC_OUTBOX_ENQUEUED,
  METRIC_OUTBOX_OLDEST_PENDING_AGE,
  METRIC_OUTBOX_RETRIED,
  METRIC_RETRIES,
} from './attributes.js';
