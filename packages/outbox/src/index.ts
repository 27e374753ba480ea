/**
 * @journeykit/outbox: start Courier journeys durably. The invocation is stored in PostgreSQL in
 * the app's own transaction and delivered by a pg-boss worker with the core client.
 */
export {
  JourneysOutbox,
  type DeadLetter,
  type DeleteDeadLettersOptions,
  type ListDeadLettersOptions,
  type ReplayDeadLettersOptions,
  type WorkOptions,
} from './outbox.js';
export { DEFAULT_QUEUE, type JourneysOutboxOptions, type OutboxClock } from './options.js';
export type { RetentionOptions } from './retention.js';
export { DEFAULT_REPLAY_WINDOW_MS } from './key-lifetime.js';
export { DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from './retry-schedule.js';
export type { DeadLetterReason, DeliveryEvent, DeliveryFailure, OutboxEvent, OutboxHooks } from './hooks.js';
export type { OutboxObserver, OutboxProbe, OutboxTelemetry, OutboxTelemetryEvent, OutboxTelemetryFailure } from './telemetry.js';
export { JourneysOutboxError, JourneysOutboxReplayError } from './errors.js';
export { createEmbeddedBoss } from './embedded.js';
export { pgliteExecutor } from './executor.js';
export type { EnqueueOptions, EnqueueResult, JourneysEnqueuer } from '@journeykit/core';
