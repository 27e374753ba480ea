import { JourneysConfigurationError, type JourneysInvoker } from '@journeykit/core';
import { isJourneyCatalog, type AnyJourneyCatalog } from '@journeykit/core/internal';
import type { PgBoss } from 'pg-boss';
import type { OutboxHooks } from './hooks.js';
import type { OutboxTelemetry } from './telemetry.js';
import { DEFAULT_RETRY_SCHEDULE, MAX_HORIZON_SECONDS, type RetrySchedule } from './retry-schedule.js';
import { DEFAULT_REPLAY_WINDOW_SECONDS, maxReplayWindowSeconds } from './key-lifetime.js';
import { FOREVER_SECONDS, type RetentionOptions } from './retention.js';

/** Where the outbox reads the time: `Date.now` unless a test gives pg-boss's `TestClock` (the one it gave the boss). */
export interface OutboxClock {
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * The pg-boss queue the outbox uses unless `queue` is given. Name another one to keep several
 * outboxes (apps, environments) apart in one database.
 */
export const DEFAULT_QUEUE = 'journeykit-invoke';

/** Options of `new JourneysOutbox(...)`. */
export interface JourneysOutboxOptions {
  /** The pg-boss instance (on your PostgreSQL, or on PGlite: see `createEmbeddedBoss`). */
  boss: PgBoss;
  /** Delivers: a `JourneysClient` (or any `JourneysInvoker`, e.g. the test kit's fake). */
  client: JourneysInvoker;
  /** pg-boss queue name. Default `journeykit-invoke`. */
  queue?: string;
  /** Dead-letter queue name. Default `<queue>-dead-letter`. */
  deadLetterQueue?: string;
  /** How long and how often transient failures are retried. Default: 6 hours, 10 s doubling to 10 min. */
  retry?: RetrySchedule;
  /**
   * Checked at enqueue (template and `data` schema), like a client made with it. Default: the
   * client's own catalog, when it has one.
   */
  catalog?: AnyJourneyCatalog;
  /**
   * How long after the retry horizon a dead letter can still be replayed with its key, in seconds:
   * the key's `X-Idempotency-Expiration` covers the horizon and this window, so Courier replays a
   * run that did start instead of starting it again. Past it, `replayDeadLetters()` refuses unless
   * told otherwise. Default 30 days; at most a year minus the horizon (Courier keeps a key a year at most).
   */
  replayWindowSeconds?: number;
  /** How long delivered jobs and dead letters stay in pg-boss's tables. Default: delivered ones not at all, dead letters until replayed or deleted. */
  retention?: RetentionOptions;
  /**
   * A worker that stops heartbeating (killed, frozen) loses its claim after this long; pg-boss's
   * next monitoring pass (every `monitorIntervalSeconds` of the PgBoss, default 60) notices, and the
   * job is retried after its backoff delay, with the same key. pg-boss's minimum is 10. Default 30.
   */
  heartbeatSeconds?: number;
  /** Longest one delivery may stay claimed, client retries included. Default 300. */
  deliveryTimeoutSeconds?: number;
  /** Stop the pg-boss instance in `stop()`. Default true; false when the boss serves other queues too. */
  stopBoss?: boolean;
  /** Observability callbacks (enqueue, deliver, retry, dead letter, pg-boss errors); they never see `profile` or `data`. */
  hooks?: OutboxHooks;
  /**
   * Metrics for the outbox (enqueued, delivered, retried, dead-lettered, age of the oldest pending
   * job), e.g. `journeysTelemetry()` from `@journeykit/opentelemetry`. Default: none.
   */
  telemetry?: OutboxTelemetry;
  /**
   * The time the outbox reads (horizons, key lifetimes, replay windows). Default `Date`; for tests, the `TestClock` given to pg-boss.
   * Core checks an `idempotencyExpiresAt` against the real `Date.now()` (24 hours to 1 year ahead), not this clock: with a
   * test clock moved more than a day away from real time, an expiration the outbox raised by this clock can fail that check.
   */
  clock?: OutboxClock;
}

export interface ResolvedOutboxOptions {
  boss: PgBoss;
  client: JourneysInvoker;
  queue: string;
  deadLetterQueue: string;
  retry: Required<RetrySchedule>;
  catalog: AnyJourneyCatalog | undefined;
  heartbeatSeconds: number;
  deliveryTimeoutSeconds: number;
  stopBoss: boolean;
  hooks: OutboxHooks;
  telemetry: OutboxTelemetry | undefined;
  replayWindowSeconds: number;
  retention: Required<RetentionOptions>;
  clock: OutboxClock;
}

const QUEUE_NAME = /^[\w.\-/]{1,50}$/;

function wholeNumber(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === 'number' ? String(value) : `a ${typeof value}`;
    throw new JourneysConfigurationError(`JourneysOutbox: ${name} must be a whole number from ${min} to ${max}, got ${got}`);
  }
  return value;
}

function queueName(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !QUEUE_NAME.test(value)) {
    throw new JourneysConfigurationError(`JourneysOutbox: ${name} must be 1-50 letters, digits, '_', '-', '.' or '/'`);
  }
  return value;
}

/** Checks the options once, at construction, and fills in the defaults. */
export function resolveOutboxOptions(options: JourneysOutboxOptions): ResolvedOutboxOptions {
  if (options === null || typeof options !== 'object') throw new JourneysConfigurationError('JourneysOutbox: options must be an object');
  const { boss, client } = options;
  if (
    boss === null ||
    typeof boss !== 'object' ||
    typeof (boss as { send?: unknown }).send !== 'function' ||
    typeof (boss as { work?: unknown }).work !== 'function'
  ) {
    throw new JourneysConfigurationError("JourneysOutbox: boss must be a PgBoss instance from 'pg-boss' (or createEmbeddedBoss())");
  }
  if (client === null || typeof client !== 'object' || typeof (client as { invoke?: unknown }).invoke !== 'function') {
    throw new JourneysConfigurationError('JourneysOutbox: client must implement invoke(templateId, request, options), like JourneysClient');
  }
  const catalog = options.catalog ?? (client as { catalog?: unknown }).catalog;
  if (catalog !== undefined && !isJourneyCatalog(catalog))
    throw new JourneysConfigurationError('JourneysOutbox: catalog must be made by defineJourneys()');
  const queue = queueName('queue', options.queue, DEFAULT_QUEUE);
  const deadLetterQueue = queueName('deadLetterQueue', options.deadLetterQueue, `${queue}-dead-letter`);
  if (deadLetterQueue === queue) throw new JourneysConfigurationError('JourneysOutbox: deadLetterQueue must differ from queue');
  const given = options.retry ?? {};
  if (given === null || typeof given !== 'object') throw new JourneysConfigurationError('JourneysOutbox: retry must be an object');
  const retry = {
    horizonSeconds: wholeNumber('retry.horizonSeconds', given.horizonSeconds, DEFAULT_RETRY_SCHEDULE.horizonSeconds, 1, MAX_HORIZON_SECONDS),
    initialDelaySeconds: wholeNumber('retry.initialDelaySeconds', given.initialDelaySeconds, DEFAULT_RETRY_SCHEDULE.initialDelaySeconds, 1, 86_400),
    maxDelaySeconds: wholeNumber('retry.maxDelaySeconds', given.maxDelaySeconds, DEFAULT_RETRY_SCHEDULE.maxDelaySeconds, 1, 86_400),
  };
  if (retry.maxDelaySeconds < retry.initialDelaySeconds) {
    throw new JourneysConfigurationError('JourneysOutbox: retry.maxDelaySeconds must be at least retry.initialDelaySeconds');
  }
  const hooks = options.hooks ?? {};
  if (hooks === null || typeof hooks !== 'object') throw new JourneysConfigurationError('JourneysOutbox: hooks must be an object');
  const { telemetry } = options;
  if (telemetry !== undefined && typeof (telemetry as { observeOutbox?: unknown } | null)?.observeOutbox !== 'function') {
    throw new JourneysConfigurationError(
      'JourneysOutbox: telemetry must have observeOutbox(), like journeysTelemetry() from @journeykit/opentelemetry',
    );
  }
  const retentionGiven = options.retention ?? {};
  if (retentionGiven === null || typeof retentionGiven !== 'object')
    throw new JourneysConfigurationError('JourneysOutbox: retention must be an object');
  const retention = {
    deliveredSeconds: wholeNumber('retention.deliveredSeconds', retentionGiven.deliveredSeconds, 0, 0, 365 * 86_400),
    deadLetterSeconds: wholeNumber('retention.deadLetterSeconds', retentionGiven.deadLetterSeconds, FOREVER_SECONDS, 1, FOREVER_SECONDS),
  };
  const replayWindowSeconds = wholeNumber(
    'replayWindowSeconds',
    options.replayWindowSeconds,
    Math.min(DEFAULT_REPLAY_WINDOW_SECONDS, maxReplayWindowSeconds(retry.horizonSeconds)),
    0,
    maxReplayWindowSeconds(retry.horizonSeconds),
  );
  const clock = options.clock ?? Date;
  if (clock === null || typeof clock.now !== 'function') throw new JourneysConfigurationError('JourneysOutbox: clock must have now(), like Date');
  return {
    boss,
    client,
    replayWindowSeconds,
    retention,
    clock,
    queue,
    deadLetterQueue,
    retry,
    catalog,
    heartbeatSeconds: wholeNumber('heartbeatSeconds', options.heartbeatSeconds, 30, 10, 3600),
    deliveryTimeoutSeconds: wholeNumber('deliveryTimeoutSeconds', options.deliveryTimeoutSeconds, 300, 1, 86_400),
    stopBoss: options.stopBoss ?? true,
    hooks,
    telemetry,
  };
}
