/**
 * @journeykit/opentelemetry: traces and metrics for Courier journeys through the OpenTelemetry
 * API. `journeysTelemetry()` plugs into `JourneysClient`, the Express middleware, the Nest module
 * and the outbox. The attribute and metric names it writes are listed in the README.
 */
export { journeysTelemetry, INSTRUMENTATION_SCOPE, type JourneysOpenTelemetry } from './journeys-telemetry.js';
export type { JourneysTelemetryOptions } from './options.js';
export type { OutboxObserver, OutboxProbe, OutboxTelemetry } from './outbox-metrics.js';
export { CALL_DURATION_BUCKETS } from './call-metrics.js';
