import { JourneysConfigurationError, type JourneysInvoker } from '@journeykit/core';
import { isJourneyCatalog, rejectUnknownOptions, type AnyJourneyCatalog } from '@journeykit/core/internal';
import type { PgBoss } from 'pg-boss';
import type { OutboxHooks } from './hooks.js';
import type { OutboxTelemetry } from './telemetry.js';
import { DEFAULT_RETRY_SCHEDULE, MAX_HORIZON_MS, type RetrySchedule } from './retry-schedule.js';
import { DEFAULT_REPLAY_WINDOW_MS, maxReplayWindowMs } from './key-lifetime.js';
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
   * How long after the retry horizon a dead letter can still be replayed with its key, in ms:
   * the key's `X-Idempotency-Expiration` covers the horizon and this window, so Courier replays a
   * run that did start instead of starting it again. Past it, `replayDeadLetters()` refuses unless
   * told otherwise. Default 30 days; at most a year minus the horizon (Courier keeps a key a year at most).
   */
  replayWindowMs?: number;
  /** How long delivered jobs and dead letters stay in pg-boss's tables. Default: delivered ones not at all, dead letters until replayed or deleted. */
  retention?: RetentionOptions;
  /**
   * A worker that stops heartbeating (killed, frozen) loses its claim after this long, in ms;
   * pg-boss's next monitoring pass (every `monitorIntervalSeconds` of the PgBoss, default 60) notices,
   * and the job is retried after its backoff delay, with the same key. pg-boss counts whole seconds
   * (a fraction rounds up) and its minimum is 10 s. Default 30 000.
   */
  heartbeatMs?: number;
  /** Longest one delivery may stay claimed, client retries included, in ms (whole seconds for pg-boss: a fraction rounds up). Default 300 000. */
  deliveryTimeoutMs?: number;
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
  /**
   * Whether `enqueue` with a `pg` client (or pool) as `db` sends its insert as a named prepared
   * statement, which PostgreSQL parses and plans once per connection instead of on every enqueue
   * (about half of what enqueue adds to a transaction). Default true; set false behind a pooler that
   * does not keep prepared statements per client, such as PgBouncer in transaction mode before
   * 1.21 (or without `max_prepared_statements`). Other libraries' transactions are not affected.
   */
  preparedStatements?: boolean;
}

export interface ResolvedOutboxOptions {
  boss: PgBoss;
  client: JourneysInvoker;
  queue: string;
  deadLetterQueue: string;
  retry: Required<RetrySchedule>;
  catalog: AnyJourneyCatalog | undefined;
  heartbeatMs: number;
  deliveryTimeoutMs: number;
  stopBoss: boolean;
  hooks: OutboxHooks;
  telemetry: OutboxTelemetry | undefined;
  replayWindowMs: number;
  retention: Required<RetentionOptions>;
  clock: OutboxClock;
  preparedStatements: boolean;
}

const QUEUE_NAME = /^[\w.\-/]{1,50}$/;
const DAY_MS = 86_400_000;
/** "Never" for dead letters: pg-boss's largest retention. */
const FOREVER_MS = FOREVER_SECONDS * 1000;
const PGBOSS_WHOLE_SECONDS = ' (pg-boss counts whole seconds, 1 s at least; a fraction rounds up)';

/** The option names of `new JourneysOutbox()`, of `retry` and of `retention`: any other name is refused. */
const OUTBOX_OPTION_NAMES = [
  'boss',
  'client',
  'queue',
  'deadLetterQueue',
  'retry',
  'catalog',
  'replayWindowMs',
  'retention',
  'heartbeatMs',
  'deliveryTimeoutMs',
  'stopBoss',
  'hooks',
  'telemetry',
  'clock',
  'preparedStatements',
] as const satisfies readonly (keyof JourneysOutboxOptions)[];
const RETRY_OPTION_NAMES = ['horizonMs', 'initialDelayMs', 'maxDelayMs'] as const satisfies readonly (keyof RetrySchedule)[];
const RETENTION_OPTION_NAMES = ['deliveredMs', 'deadLetterMs'] as const satisfies readonly (keyof RetentionOptions)[];

/**
 * A duration option in whole milliseconds, from `min` to `max`; `why` says where a bound comes from
 * (pg-boss's minimum, Courier's year), so the message says what to fix.
 */
export function wholeMs(owner: string, name: string, value: unknown, fallback: number, min: number, max: number, why = ''): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === 'number' ? String(value) : `a ${typeof value}`;
    throw new JourneysConfigurationError(`${owner}: ${name} must be a whole number of milliseconds from ${min} to ${max}${why}, got ${got}`);
  }
  return value;
}

/**
 * pg-boss counts these durations in whole seconds: a fraction of a second rounds up, so pg-boss
 * never waits, keeps or allows less than was asked (30 500 ms is 31 s).
 */
export function pgBossSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
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
  rejectUnknownOptions('JourneysOutbox', options, OUTBOX_OPTION_NAMES);
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
  rejectUnknownOptions('JourneysOutbox: retry', given, RETRY_OPTION_NAMES);
  const ms = (name: string, value: unknown, fallback: number, min: number, max: number, why?: string): number =>
    wholeMs('JourneysOutbox', name, value, fallback, min, max, why);
  const retry = {
    horizonMs: ms(
      'retry.horizonMs',
      given.horizonMs,
      DEFAULT_RETRY_SCHEDULE.horizonMs,
      1000,
      MAX_HORIZON_MS,
      ' (Courier keeps a key a year at most)',
    ),
    initialDelayMs: ms('retry.initialDelayMs', given.initialDelayMs, DEFAULT_RETRY_SCHEDULE.initialDelayMs, 1000, DAY_MS, PGBOSS_WHOLE_SECONDS),
    maxDelayMs: ms('retry.maxDelayMs', given.maxDelayMs, DEFAULT_RETRY_SCHEDULE.maxDelayMs, 1000, DAY_MS, PGBOSS_WHOLE_SECONDS),
  };
  if (retry.maxDelayMs < retry.initialDelayMs) {
    throw new JourneysConfigurationError('JourneysOutbox: retry.maxDelayMs must be at least retry.initialDelayMs');
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
  rejectUnknownOptions('JourneysOutbox: retention', retentionGiven, RETENTION_OPTION_NAMES);
  const retention = {
    deliveredMs: ms('retention.deliveredMs', retentionGiven.deliveredMs, 0, 0, 365 * DAY_MS, ' (0 deletes a delivered job at once)'),
    deadLetterMs: ms(
      'retention.deadLetterMs',
      retentionGiven.deadLetterMs,
      FOREVER_MS,
      1000,
      FOREVER_MS,
      " (pg-boss's int seconds; omit it to keep dead letters until replayed or deleted)",
    ),
  };
  const replayWindowMs = ms(
    'replayWindowMs',
    options.replayWindowMs,
    Math.min(DEFAULT_REPLAY_WINDOW_MS, maxReplayWindowMs(retry.horizonMs)),
    0,
    maxReplayWindowMs(retry.horizonMs),
    ' (Courier keeps a key a year at most, and the retry horizon comes first)',
  );
  const clock = options.clock ?? Date;
  if (clock === null || typeof clock.now !== 'function') throw new JourneysConfigurationError('JourneysOutbox: clock must have now(), like Date');
  const { preparedStatements = true } = options;
  if (typeof preparedStatements !== 'boolean') throw new JourneysConfigurationError('JourneysOutbox: preparedStatements must be true or false');
  return {
    preparedStatements,
    boss,
    client,
    replayWindowMs,
    retention,
    clock,
    queue,
    deadLetterQueue,
    retry,
    catalog,
    heartbeatMs: ms('heartbeatMs', options.heartbeatMs, 30_000, 10_000, 3_600_000, " (pg-boss's heartbeat is 10 s at least)"),
    deliveryTimeoutMs: ms('deliveryTimeoutMs', options.deliveryTimeoutMs, 300_000, 1000, DAY_MS, PGBOSS_WHOLE_SECONDS),
    stopBoss: options.stopBoss ?? true,
    hooks,
    telemetry,
  };
}
