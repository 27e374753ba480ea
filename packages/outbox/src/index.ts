/**
 * @journeykit/outbox: start Courier journeys durably. The invocation is stored in PostgreSQL in
 * the app's own transaction and delivered by a pg-boss worker with the core client.
 */
export {
  JourneysOutbox,
  type DeadLetter,
  type ListDeadLettersOptions,
  type ReplayDeadLettersOptions,
  type WorkOptions,
} from './outbox.js';
export { DEFAULT_QUEUE, type JourneysOutboxOptions } from './options.js';
export { DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from './retry-schedule.js';
export type { DeadLetterReason, DeliveryEvent, DeliveryFailure, OutboxEvent, OutboxHooks } from './hooks.js';
export type { OutboxObserver, OutboxProbe, OutboxTelemetry, OutboxTelemetryEvent, OutboxTelemetryFailure } from './telemetry.js';
export { JourneysOutboxError } from './errors.js';
export { createEmbeddedBoss } from './embedded.js';
export { pgliteExecutor } from './executor.js';
export type { EnqueueOptions, EnqueueResult, JourneysEnqueuer } from '@journeykit/core';
