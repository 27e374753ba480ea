import { createHash } from 'node:crypto';
import { JourneysConfigurationError, type EnqueueOptions, type EnqueueResult, type InvokeRequest, type JourneysEnqueuer } from '@journeykit/core';
import {
  classifyFailure,
  generateIdempotencyKey,
  isNotInCatalog,
  prepareEnqueue,
  raiseKeyExpiration,
  rejectUnknownOptions,
} from '@journeykit/core/internal';
import type { Db, Job, JobResult, JobWithMetadata, SendOptions } from 'pg-boss';
import { JourneysOutboxError, JourneysOutboxReplayError, describeCause } from './errors.js';
import { toExecutor } from './executor.js';
import { describeFailure } from './failure.js';
import { callHook, type DeadLetterReason, type DeliveryFailure, type OutboxHooks } from './hooks.js';
import { toTelemetry, type TelemetryReporter } from './telemetry.js';
import { keyNeverSent, readJobData, type OutboxJobData } from './job.js';
import { pgBossSeconds, resolveOutboxOptions, wholeMs, type JourneysOutboxOptions, type ResolvedOutboxOptions } from './options.js';
import { KEY_EXPIRY_MARGIN_MS, retryLimitFor } from './retry-schedule.js';
import { MAX_KEY_LIFETIME_MS, keyLifetimeMs, keyUsableUntil } from './key-lifetime.js';
import { FOREVER_SECONDS, SETTLED_FALLBACK_SECONDS } from './retention.js';

/** Options of {@link JourneysOutbox.work}. */
export interface WorkOptions {
  /** Deliveries this process runs at once. Default 1. */
  concurrency?: number;
  /**
   * Most jobs fetched together. One query claims a batch and, once every delivery in it has ended,
   * one completes the delivered ones (one more deletes them, with `retention.deliveredMs: 0`), so a
   * larger batch costs PostgreSQL and the worker fewer round trips per delivery; but a batch's
   * deliveries are fetched again only when all of them have ended, so a slow one keeps its batch's
   * slots idle. `concurrency` is split into batches of at most this many (20 at 16: two of 10).
   * From 1 to `concurrency`. Default: `concurrency`, at most 16.
   */
  batchSize?: number;
  /** How often an idle worker looks for due jobs, in ms (pg-boss's minimum is 500). Default 2000. */
  pollIntervalMs?: number;
  /**
   * Signals on which the outbox stops (finishing deliveries in flight) and then lets the signal
   * take its normal course (the process exits unless something else handles it). Default: none.
   */
  stopOnSignals?: NodeJS.Signals[];
}

/** One invocation in the dead-letter queue. Never carries the API key or the idempotency key. */
export interface DeadLetter {
  /** Id of the dead-letter job: pass it to `replayDeadLetters({ ids })`. */
  id: string;
  /** Id of the job that failed (what `enqueue` returned, or the replay's job id). */
  jobId: string;
  /** The journey template ID or alias it was enqueued for. */
  templateId: string;
  /** The user Courier would resolve, when the request names one: to find whom a dead letter concerns without its `profile` or `data`. */
  userId: string | undefined;
  /**
   * `permanent` (Courier refused it), `configuration` (the journey is not in the worker's
   * catalog, refused before sending), `horizon` (still failing when retrying ended,
   * or its key's lifetime ran out) or `exhausted` (pg-boss ran out of retries, e.g. workers kept
   * dying mid-delivery).
   */
  reason: DeadLetterReason | 'exhausted';
  /** The last attempt's failure: code, HTTP status, message and Courier's request id. */
  error: DeliveryFailure;
  /** Delivery attempts made. */
  attempts: number;
  /** When it entered the dead-letter queue. */
  deadLetteredAt: Date;
  /**
   * Until when `replayDeadLetters()` replays it with its idempotency key (so a run that did start is
   * not started again); past it, the replay is refused unless `onExpiredKey` says otherwise.
   * Undefined for a `permanent` one: Courier refused it, a replay sends a new key whenever it runs.
   */
  replayableUntil: Date | undefined;
}

/** Options of {@link JourneysOutbox.listDeadLetters}. */
export interface ListDeadLettersOptions {
  /** At most this many, oldest first. Default 100. */
  limit?: number;
  /** Continue after this dead letter's id (the last of the previous page). */
  after?: string;
}

/** Options of {@link JourneysOutbox.replayDeadLetters}. */
export interface ReplayDeadLettersOptions {
  /** Only these dead letters (their `id`), wherever they are in the queue. Default: all, oldest first, up to `limit`. */
  ids?: string[];
  /** At most this many. Default 1000. */
  limit?: number;
  /**
   * What to do with dead letters past their key's lifetime (`replayableUntil`), whose journey may
   * have started: `refuse` (default) throws `JourneysOutboxReplayError` and replays nothing;
   * `skip` replays the others; `new-key` replays them with a new key, which starts a second run if
   * the first one did start (check in Courier first).
   */
  onExpiredKey?: 'refuse' | 'skip' | 'new-key';
}

/** Options of {@link JourneysOutbox.deleteDeadLetters}. */
export interface DeleteDeadLettersOptions {
  /** The dead letters to delete (their `id`). */
  ids: string[];
}

const WORK_OPTION_NAMES = ['concurrency', 'batchSize', 'pollIntervalMs', 'stopOnSignals'] as const satisfies readonly (keyof WorkOptions)[];
const LIST_OPTION_NAMES = ['limit', 'after'] as const satisfies readonly (keyof ListDeadLettersOptions)[];
const REPLAY_OPTION_NAMES = ['ids', 'limit', 'onExpiredKey'] as const satisfies readonly (keyof ReplayDeadLettersOptions)[];
const DELETE_OPTION_NAMES = ['ids'] as const satisfies readonly (keyof DeleteDeadLettersOptions)[];

/** A method's options: an object with only the names it knows (core's check, with its "did you mean"). */
function checkMethodOptions(owner: string, options: unknown, known: readonly string[]): void {
  if (options === null || typeof options !== 'object') throw new JourneysConfigurationError(`${owner}: options must be an object`);
  rejectUnknownOptions(owner, options, known);
}

type DeliveryOutput = { runId: string } | { renewedAs: string } | (DeliveryFailure & { reason?: DeadLetterReason });

/** A delivery that threw instead of answering: its job fails and is retried like any failed attempt. */
function failedDelivery(id: string, error: unknown): JobResult<DeliveryOutput> {
  return { id, status: 'failed', output: describeFailure(error) };
}

/**
 * Durable delivery of journey invocations on PostgreSQL, with pg-boss as the queue.
 * `enqueue()` validates an invocation and stores it in the caller's transaction; `work()` delivers
 * stored invocations with the client, retrying transient failures with exponential backoff for
 * hours and sending the same idempotency key (with an expiry that covers every retry) on every
 * attempt, so a redelivery never starts a second run. Permanent failures go to a dead-letter queue
 * that can be listed and replayed. Implements `JourneysEnqueuer` from `@journeykit/core`.
 *
 * @example
 * ```ts
 * import { PgBoss } from 'pg-boss';
 * import pg from 'pg';
 * import { JourneysClient } from '@journeykit/core';
 * import { JourneysOutbox } from '@journeykit/outbox';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const outbox = new JourneysOutbox({ boss: new PgBoss(process.env.DATABASE_URL!), client: new JourneysClient() });
 * await outbox.start();
 * await outbox.work({ concurrency: 4, stopOnSignals: ['SIGTERM', 'SIGINT'] });
 *
 * const tx = await pool.connect();
 * await tx.query('BEGIN');
 * await tx.query('INSERT INTO users (email) VALUES ($1)', ['ada@example.com']);
 * await outbox.enqueue('welcome', { profile: { email: 'ada@example.com' } }, { db: tx });
 * await tx.query('COMMIT'); // the journey starts once, even if Courier is down for an hour
 * tx.release();
 * ```
 */
export class JourneysOutbox implements JourneysEnqueuer<unknown> {
  readonly #o: ResolvedOutboxOptions;
  readonly #jobOptions: SendOptions;
  #starting: Promise<void> | undefined;
  #started = false;
  #working = false;
  #stopping: Promise<void> | undefined;
  #signalHandlers: [NodeJS.Signals, () => void][] = [];
  readonly #observer: TelemetryReporter | undefined;
  readonly #keyLifetimeMs: number;

  constructor(options: JourneysOutboxOptions) {
    this.#o = resolveOutboxOptions(options);
    const observer = this.#o.telemetry?.observeOutbox({
      queue: this.#o.queue,
      deadLetterQueue: this.#o.deadLetterQueue,
      oldestPendingAgeMs: () => this.#oldestPendingAgeMs(),
    });
    this.#observer = toTelemetry(observer);
    const { retry, heartbeatMs, deliveryTimeoutMs, deadLetterQueue, retention } = this.#o;
    // Set on every job rather than only on the queue: a job keeps the policy it was stored with,
    // whatever another process (an older release, other options) created the queue with. pg-boss
    // counts whole seconds; the options are ms, rounded up at this boundary (pgBossSeconds).
    this.#jobOptions = {
      retryLimit: retryLimitFor(retry),
      retryDelay: pgBossSeconds(retry.initialDelayMs),
      retryBackoff: true,
      retryDelayMax: pgBossSeconds(retry.maxDelayMs),
      heartbeatSeconds: pgBossSeconds(heartbeatMs),
      expireInSeconds: pgBossSeconds(deliveryTimeoutMs),
      deadLetter: deadLetterQueue,
      // pg-boss deletes a job still waiting this long after its start_after (14 days by default,
      // from the maintenance of every started pg-boss, web processes included): a stored invocation
      // waits for a worker however long the workers are away.
      retentionSeconds: FOREVER_SECONDS,
      // Settled jobs: delivered ones are deleted by the worker at once unless kept on purpose.
      deleteAfterSeconds: retention.deliveredMs > 0 ? pgBossSeconds(retention.deliveredMs) : SETTLED_FALLBACK_SECONDS,
    };
    this.#keyLifetimeMs = keyLifetimeMs(retry.horizonMs, this.#o.replayWindowMs);
  }

  /** The pg-boss queue deliveries come from. */
  get queue(): string {
    return this.#o.queue;
  }

  /** The pg-boss queue permanent failures go to. */
  get deadLetterQueue(): string {
    return this.#o.deadLetterQueue;
  }

  /**
   * Starts pg-boss (creating its schema on first use) and creates the outbox's queues. Call it in
   * every process that enqueues or works; safe to call more than once.
   */
  start(): Promise<void> {
    this.#starting ??= this.#start().catch((error: unknown) => {
      this.#starting = undefined;
      throw error instanceof JourneysOutboxError
        ? error
        : new JourneysOutboxError(`Could not start the outbox: ${describeCause(error)}`, { cause: error });
    });
    return this.#starting;
  }

  async #start(): Promise<void> {
    const { boss, hooks, queue, deadLetterQueue } = this.#o;
    // pg-boss emits 'error' for faults of its own loops (e.g. the database went away while
    // polling); an EventEmitter without a listener would turn that into a process crash.
    if (boss.listenerCount('error') === 0) {
      boss.on('error', (error: Error) => {
        if (hooks.onError !== undefined) callHook(hooks.onError, { error });
        else process.emitWarning(`journeykit outbox: pg-boss: ${describeCause(error)}`, { code: 'JOURNEYKIT_OUTBOX_ERROR' });
      });
    }
    await boss.start();
    // A dead letter is kept until replayed or deleted (or retention.deadLetterMs): pg-boss
    // gives the copy it moves there the dead-letter queue's retention, 14 days unless told.
    const retentionSeconds = pgBossSeconds(this.#o.retention.deadLetterMs);
    await this.#ensureQueue(deadLetterQueue, { retentionSeconds });
    await this.#ensureQueue(queue, { deadLetter: deadLetterQueue });
    this.#started = true;
  }

  async #ensureQueue(name: string, options: { deadLetter?: string; retentionSeconds?: number }): Promise<void> {
    const { boss } = this.#o;
    const existing = await boss.getQueue(name);
    if (existing !== null) {
      // Made by an older release, or with other options: this process's retention applies from now on.
      if (options.retentionSeconds !== undefined && existing.retentionSeconds !== options.retentionSeconds) {
        await boss.updateQueue(name, { retentionSeconds: options.retentionSeconds });
      }
      return;
    }
    try {
      await boss.createQueue(name, options);
    } catch (error) {
      // Another process created it in the meantime.
      if ((await boss.getQueue(name)) === null) throw error;
    }
  }

  #now(): number {
    return this.#o.clock.now();
  }

  /**
   * Validates the invocation and stores it for delivery; with `db`, in the caller's transaction
   * (a rollback drops it, a commit keeps it). Bad input throws `JourneysValidationError` and
   * nothing is stored; a database fault throws `JourneysOutboxError`.
   *
   * @example
   * ```ts
   * const { jobId, idempotencyKey } = await outbox.enqueue(
   *   'order-shipped',
   *   { user_id: order.userId, data: { order_id: order.id } },
   *   { db: tx, idempotencyKey: `order-${order.id}-shipped` },
   * );
   * ```
   */
  async enqueue(templateId: string, request: InvokeRequest, options?: EnqueueOptions<unknown>): Promise<EnqueueResult> {
    const { horizonMs } = this.#o.retry;
    const now = this.#now();
    const {
      invocation,
      request: wire,
      idempotencyKey,
      dueAt,
      db,
    } = prepareEnqueue(templateId, request, options, {
      catalog: this.#o.catalog,
      checkDb: (handle) => {
        const found = toExecutor(handle);
        return typeof found === 'string' ? found : undefined;
      },
      maxDelayMs: MAX_KEY_LIFETIME_MS - horizonMs - KEY_EXPIRY_MARGIN_MS,
      now,
    });
    if (!this.#started) {
      throw new JourneysConfigurationError('JourneysOutbox: call and await start() before enqueue()');
    }
    const executor = db === undefined ? undefined : (toExecutor(db, { prepare: this.#o.preparedStatements }) as Db);
    const horizonEndsAt = (dueAt ?? now) + horizonMs;
    const keyExpiresAt = (dueAt ?? now) + this.#keyLifetimeMs;
    const key = idempotencyKey ?? generateIdempotencyKey();
    const data: OutboxJobData = {
      v: 1,
      templateId: invocation.templateId,
      // Exactly what was validated: the JSON that goes on the wire.
      request: wire,
      idempotencyKey: key,
      userId: invocation.userId ?? null,
      horizonEndsAt,
      keyExpiresAt,
    };
    const startDate = dueAt === undefined ? undefined : new Date(dueAt);
    let jobId: string | null;
    try {
      jobId = await this.#o.boss.send(this.#o.queue, data, { ...this.#jobOptions, db: executor, startAfter: startDate });
    } catch (error) {
      throw new JourneysOutboxError(`Could not store the invocation of "${invocation.templateId}"; nothing was enqueued: ${describeCause(error)}`, {
        cause: error,
      });
    }
    if (jobId === null) throw new JourneysOutboxError(`pg-boss did not store the invocation of "${invocation.templateId}"`);
    this.#report('onEnqueue', { jobId, templateId: data.templateId, idempotencyKey: key, userId: invocation.userId, startAfter: startDate });
    return { jobId, idempotencyKey: key };
  }

  /**
   * Starts delivering in this process: `concurrency` deliveries at a time. Any number of
   * processes may work the same queue; each job is claimed by one of them (`SKIP LOCKED`).
   *
   * @example
   * ```ts
   * await outbox.work({ concurrency: 8, stopOnSignals: ['SIGTERM', 'SIGINT'] });
   * ```
   */
  async work(options: WorkOptions = {}): Promise<void> {
    checkMethodOptions('JourneysOutbox.work()', options, WORK_OPTION_NAMES);
    const { concurrency = 1, pollIntervalMs = 2000, stopOnSignals = [] } = options;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
      throw new JourneysConfigurationError(`JourneysOutbox.work(): concurrency must be a whole number from 1 to 1000, got ${String(concurrency)}`);
    }
    const { batchSize = Math.min(concurrency, DEFAULT_MAX_BATCH_SIZE) } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > concurrency) {
      throw new JourneysConfigurationError(
        `JourneysOutbox.work(): batchSize must be a whole number from 1 to concurrency (${concurrency}), got ${String(batchSize)}`,
      );
    }
    // pg-boss takes fractional seconds here, so nothing rounds; its minimum is 500 ms.
    wholeMs('JourneysOutbox.work()', 'pollIntervalMs', pollIntervalMs, 2000, 500, 3_600_000, ' (pg-boss polls every 500 ms at most)');
    if (!Array.isArray(stopOnSignals))
      throw new JourneysConfigurationError("JourneysOutbox.work(): stopOnSignals must be an array such as ['SIGTERM']");
    if (this.#working) throw new JourneysConfigurationError('JourneysOutbox.work(): already working; call it once per outbox');
    if (this.#stopping !== undefined) throw new JourneysConfigurationError('JourneysOutbox.work(): the outbox was stopped');
    await this.start();
    this.#working = true;
    await this.#o.boss.work<OutboxJobData>(
      this.#o.queue,
      { ...fetchPlan(concurrency, batchSize), pollingIntervalSeconds: pollIntervalMs / 1000, perJobResults: true },
      async (jobs) => {
        // Settled one by one: a delivery that throws (an app's clock, say) fails its own job, not the
        // batch-mates still at Courier, which pg-boss would otherwise fail and retry mid-attempt.
        const results = (await Promise.allSettled(jobs.map((job) => this.#deliver(job)))).map((settled, i) =>
          settled.status === 'fulfilled' ? settled.value : failedDelivery((jobs[i] as Job<OutboxJobData>).id, settled.reason),
        );
        if (this.#o.retention.deliveredMs === 0) await this.#forgetDelivered(results);
        return results;
      },
    );
    for (const signal of new Set(stopOnSignals)) {
      const handler = (): void => {
        void this.stop().finally(() => {
          // Let the signal do what it would have done had we not listened, unless the app listens too.
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
      };
      process.once(signal, handler);
      this.#signalHandlers.push([signal, handler]);
    }
  }

  /** Tells the app's hook and the telemetry; neither can change what happens to the invocation. */
  #report<K extends 'onEnqueue' | 'onDeliver' | 'onRetry' | 'onDeadLetter'>(name: K, event: Parameters<NonNullable<OutboxHooks[K]>>[0]): void {
    callHook(this.#o.hooks[name] as ((e: typeof event) => unknown) | undefined, event);
    const observer = this.#observer;
    if (observer !== undefined) callHook(observer[name]?.bind(observer) as ((e: typeof event) => unknown) | undefined, event);
  }

  /**
   * Deletes the jobs Courier has answered, request and all, before pg-boss marks them completed (a
   * completion that finds no row changes nothing). One statement per batch. If it fails, the jobs
   * complete as usual and pg-boss's maintenance deletes them after `SETTLED_FALLBACK_SECONDS`.
   */
  async #forgetDelivered(results: JobResult<DeliveryOutput>[]): Promise<void> {
    const delivered = results.filter((r) => r.status === 'completed').map((r) => r.id);
    if (delivered.length === 0) return;
    try {
      await this.#o.boss.deleteJob(this.#o.queue, delivered);
    } catch (error) {
      this.#reportError(
        new JourneysOutboxError(`Could not delete ${delivered.length} delivered job(s); pg-boss deletes them later: ${describeCause(error)}`, {
          cause: error,
        }),
      );
    }
  }

  #reportError(error: Error): void {
    if (this.#o.hooks.onError !== undefined) callHook(this.#o.hooks.onError, { error });
    else process.emitWarning(`journeykit outbox: ${error.message}`, { code: 'JOURNEYKIT_OUTBOX_ERROR' });
  }

  async #oldestPendingAgeMs(): Promise<number | undefined> {
    if (!this.#started || this.#stopping !== undefined) return undefined;
    // pg-boss lists a queue's waiting jobs (created, or retry) oldest first.
    const [oldest] = await this.#o.boss.findJobs(this.#o.queue, { queued: true, limit: 1 });
    if (oldest === undefined) return undefined;
    const since = oldest.retryCount === 0 ? Math.max(oldest.createdOn.getTime(), oldest.startAfter.getTime()) : oldest.createdOn.getTime();
    return Math.max(0, this.#now() - since);
  }

  async #deliver(job: Job<OutboxJobData>): Promise<JobResult<DeliveryOutput>> {
    const data = readJobData(job.data);
    if (data === undefined) {
      const error = { code: 'ERR_JOURNEYS_OUTBOX_JOB', message: 'The job data is not an invocation stored by @journeykit/outbox' };
      return { id: job.id, status: 'deadletter', output: { ...error, reason: 'permanent' } };
    }
    const event = {
      jobId: job.id,
      templateId: data.templateId,
      idempotencyKey: data.idempotencyKey,
      userId: data.userId ?? undefined,
      attempt: job.retryCount + 1,
    };
    const now = this.#now();
    if (now >= keyUsableUntil(data.keyExpiresAt)) {
      const renewedId = uuidFrom(`${job.id}:renewed`);
      if (keyNeverSent(job.retryCount, data)) return this.#renew(job.id, data, renewedId, now);
      // Renewed already, by an attempt that stopped before its job settled.
      if (await this.#exists(renewedId)) return { id: job.id, status: 'completed', output: { renewedAs: renewedId } };
      // Courier may have forgotten the key: an attempt now could start a second run of a journey
      // that did start. A person decides (replayDeadLetters with onExpiredKey).
      const failure = {
        code: 'ERR_JOURNEYS_OUTBOX_KEY_EXPIRED',
        message: `Not sent: the idempotency key's lifetime ended (${new Date(data.keyExpiresAt).toISOString()}) before this attempt, and a delivery now could start a second run`,
      };
      this.#report('onDeadLetter', { ...event, error: failure, reason: 'horizon' });
      return { id: job.id, status: 'deadletter', output: { ...failure, reason: 'horizon' } };
    }
    const started = performance.now();
    try {
      const { runId } = await this.#o.client.invoke(data.templateId, data.request, {
        idempotencyKey: data.idempotencyKey,
        // Late in the key's life it may have under Courier's 24 h minimum left: core refuses that, so
        // raise it (for a key Courier already holds, the header changes nothing).
        idempotencyExpiresAt: raiseKeyExpiration(data.keyExpiresAt, now),
        signal: job.signal,
      });
      this.#report('onDeliver', { ...event, runId, durationMs: performance.now() - started });
      return { id: job.id, status: 'completed', output: { runId } };
    } catch (error) {
      const failure = describeFailure(error);
      const reason = deadLetterReason(error, this.#now() >= data.horizonEndsAt);
      if (reason !== undefined) {
        this.#report('onDeadLetter', { ...event, error: failure, reason });
        return { id: job.id, status: 'deadletter', output: { ...failure, reason } };
      }
      this.#report('onRetry', { ...event, error: failure });
      return { id: job.id, status: 'failed', output: failure };
    }
  }

  /**
   * A job picked up for the first time after its key's lifetime (the workers were away longer
   * than the horizon and the replay window): its key never went out, so nothing can run twice. It
   * is stored again with a lifetime and a horizon counted from now, under an id derived from its
   * own (a second try inserts nothing), and this one is deleted: every later attempt reads the new
   * lifetime. If storing fails, the job is retried; that retry, no longer a first pickup, is
   * dead-lettered (a person decides).
   */
  async #renew(jobId: string, data: OutboxJobData, renewedId: string, now: number): Promise<JobResult<DeliveryOutput>> {
    const { boss, queue, retry } = this.#o;
    const renewed: OutboxJobData = {
      ...data,
      keySent: false,
      horizonEndsAt: now + retry.horizonMs,
      keyExpiresAt: now + this.#keyLifetimeMs,
    };
    try {
      await boss.send(queue, renewed, { ...this.#jobOptions, id: renewedId });
    } catch (error) {
      const failure = { code: 'ERR_JOURNEYS_OUTBOX_RENEW', message: `Could not renew the key's lifetime of a late job: ${describeCause(error)}` };
      return { id: jobId, status: 'failed', output: failure };
    }
    // The request (personal data) goes with it; if this delete fails, the completion keeps the row until pg-boss's retention.
    await boss.deleteJob(queue, jobId).catch(() => undefined);
    return { id: jobId, status: 'completed', output: { renewedAs: renewedId } };
  }

  async #exists(jobId: string): Promise<boolean> {
    return (await this.#o.boss.findJobs(this.#o.queue, { id: jobId }).catch(() => [])).length > 0;
  }

  /**
   * Stops delivering: waits for the deliveries in flight to finish (so none is cut between
   * Courier's answer and the job's completion), then stops pg-boss (unless `stopBoss: false`).
   * Safe to call more than once.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    if (this.#observer?.stop !== undefined) callHook(() => this.#observer?.stop?.(), undefined);
    for (const [signal, handler] of this.#signalHandlers) process.removeListener(signal, handler);
    this.#signalHandlers = [];
    const { boss, queue, stopBoss } = this.#o;
    await this.#starting?.catch(() => undefined);
    if (this.#working) await boss.offWork(queue, { wait: true });
    if (stopBoss && this.#starting !== undefined) await boss.stop({ graceful: true });
  }

  /**
   * The invocations that failed for good, oldest first.
   *
   * @example
   * ```ts
   * for (const letter of await outbox.listDeadLetters()) {
   *   console.log(letter.templateId, letter.reason, letter.error.status, letter.error.message);
   * }
   * ```
   */
  async listDeadLetters(options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
    checkMethodOptions('listDeadLetters()', options, LIST_OPTION_NAMES);
    const { limit = 100, after } = options;
    return (await this.#findDeadLetters(limit, after)).map((job) => this.#toDeadLetter(job));
  }

  #toDeadLetter(job: JobWithMetadata<OutboxJobData>): DeadLetter {
    const data = readJobData(job.data);
    const output = (job.sourceOutput ?? {}) as Partial<DeliveryFailure> & { reason?: unknown };
    const reason = isDeadLetterReason(output.reason) ? output.reason : 'exhausted';
    const error: DeliveryFailure = {
      code: typeof output.code === 'string' ? output.code : 'ERR_JOURNEYS_OUTBOX_DELIVERY',
      message: typeof output.message === 'string' ? output.message : 'The delivery failed and pg-boss ran out of retries',
    };
    if (typeof output.status === 'number') error.status = output.status;
    if (typeof output.requestId === 'string') error.requestId = output.requestId;
    return {
      id: job.id,
      jobId: job.sourceId ?? job.id,
      templateId: data?.templateId ?? '(unreadable job)',
      userId: data?.userId ?? undefined,
      reason,
      error,
      attempts: (job.sourceRetryCount ?? 0) + 1,
      deadLetteredAt: job.createdOn,
      replayableUntil: reason === 'permanent' || data === undefined ? undefined : new Date(keyUsableUntil(data.keyExpiresAt)),
    };
  }

  async #findDeadLetters(limit: number, after?: string): Promise<JobWithMetadata<OutboxJobData>[]> {
    checkLimit(limit);
    await this.start();
    try {
      return await this.#o.boss.findJobs<OutboxJobData>(this.#o.deadLetterQueue, { queued: true, limit, ...(after === undefined ? {} : { after }) });
    } catch (error) {
      throw new JourneysOutboxError(`Could not read the dead-letter queue: ${describeCause(error)}`, { cause: error });
    }
  }

  /** The named dead letters that exist, wherever they sit in the queue (an id that is no UUID names none). */
  async #deadLettersById(ids: string[]): Promise<JobWithMetadata<OutboxJobData>[]> {
    await this.start();
    const found: JobWithMetadata<OutboxJobData>[] = [];
    try {
      for (const id of new Set(ids)) {
        if (!UUID.test(id)) continue;
        found.push(...(await this.#o.boss.findJobs<OutboxJobData>(this.#o.deadLetterQueue, { id, queued: true })));
      }
    } catch (error) {
      throw new JourneysOutboxError(`Could not read the dead-letter queue: ${describeCause(error)}`, { cause: error });
    }
    return found;
  }

  /**
   * Puts dead letters back for delivery, with a fresh retry horizon. One that Courier refused
   * (`permanent`) gets a new idempotency key derived from its old one: Courier stored the refusal
   * under the old key and would only replay it, and a refusal started no run. The others keep
   * their key, so a run that did start is not started again; past the key's lifetime
   * (`replayableUntil`) that no longer holds, and they are refused (see `onExpiredKey`). Returns how
   * many this call put back: replaying the same dead letter from two places at once delivers it
   * once and counts it once.
   *
   * @example
   * ```ts
   * // The journey template was missing (404); it is published now:
   * const letters = await outbox.listDeadLetters();
   * await outbox.replayDeadLetters({ ids: letters.filter((l) => l.error.status === 404).map((l) => l.id) });
   * ```
   */
  async replayDeadLetters(options: ReplayDeadLettersOptions = {}): Promise<number> {
    checkMethodOptions('replayDeadLetters()', options, REPLAY_OPTION_NAMES);
    const { ids, limit = 1000, onExpiredKey = 'refuse' } = options;
    if (ids !== undefined && !(Array.isArray(ids) && ids.every((id) => typeof id === 'string'))) {
      throw new JourneysConfigurationError('replayDeadLetters(): ids must be an array of dead-letter ids');
    }
    if (onExpiredKey !== 'refuse' && onExpiredKey !== 'skip' && onExpiredKey !== 'new-key') {
      throw new JourneysConfigurationError("replayDeadLetters(): onExpiredKey must be 'refuse', 'skip' or 'new-key'");
    }
    checkLimit(limit);
    const jobs = ids === undefined ? await this.#findDeadLetters(limit) : (await this.#deadLettersById(ids)).slice(0, limit);
    const now = this.#now();
    const plans = jobs.flatMap((job) => {
      const data = readJobData(job.data);
      if (data === undefined) return [];
      const permanent = (job.sourceOutput as { reason?: unknown } | null)?.reason === 'permanent';
      const expired = !permanent && now >= keyUsableUntil(data.keyExpiresAt);
      return [{ job, data, newKey: permanent || (expired && onExpiredKey === 'new-key'), expired }];
    });
    const expired = plans.filter((p) => p.expired && onExpiredKey !== 'new-key');
    if (expired.length > 0 && onExpiredKey === 'refuse') throw new JourneysOutboxReplayError(expired.map((p) => p.job.id));

    const { boss, queue, deadLetterQueue, retry } = this.#o;
    let replayed = 0;
    for (const { job, data, newKey, expired: skip } of plans) {
      if (skip && !newKey) continue;
      const replays = (data.replays ?? 0) + 1;
      // A new key gets a lifetime of its own; a kept key keeps Courier's, and every retry must fit in it.
      const keyExpiresAt = newKey ? now + this.#keyLifetimeMs : data.keyExpiresAt;
      const next: OutboxJobData = {
        ...data,
        idempotencyKey: newKey ? replayKey(data.idempotencyKey, replays) : data.idempotencyKey,
        replays,
        keySent: !newKey,
        horizonEndsAt: Math.min(now + retry.horizonMs, keyUsableUntil(keyExpiresAt)),
        keyExpiresAt,
      };
      const replayId = uuidFrom(`${job.id}:replay`);
      try {
        // The new job's id comes from the dead letter's: a second replay of the same letter
        // (after a crash before the delete below, or from another process) inserts nothing.
        // (Once that job is delivered and deleted, a replay that listed the letter before it went
        // could insert it again: delivered with the same key, Courier answers with the same run.)
        await boss.send(queue, next, { ...this.#jobOptions, id: replayId });
        // Whoever deletes the letter counts it; a concurrent call that listed it too counts nothing.
        if (deletedCount(await boss.deleteJob(deadLetterQueue, job.id)) > 0) replayed++;
      } catch (error) {
        throw new JourneysOutboxError(`Could not replay dead letter ${job.id}: ${describeCause(error)}`, { cause: error });
      }
    }
    return replayed;
  }

  /**
   * Deletes dead letters for good (an invocation nobody wants started any more, or personal data
   * to erase). Returns how many it deleted; ids that name no dead letter are ignored.
   *
   * @example
   * ```ts
   * const stale = (await outbox.listDeadLetters()).filter((l) => l.deadLetteredAt < cutoff);
   * await outbox.deleteDeadLetters({ ids: stale.map((l) => l.id) });
   * ```
   */
  async deleteDeadLetters(options: DeleteDeadLettersOptions): Promise<number> {
    const ids = (options as DeleteDeadLettersOptions | undefined)?.ids;
    if (options !== null && typeof options === 'object') rejectUnknownOptions('deleteDeadLetters()', options, DELETE_OPTION_NAMES);
    if (!(Array.isArray(ids) && ids.every((id) => typeof id === 'string'))) {
      throw new JourneysConfigurationError('deleteDeadLetters(): pass { ids: [...] }, the ids listDeadLetters() gives');
    }
    const wanted = [...new Set(ids)].filter((id) => UUID.test(id));
    if (wanted.length === 0) return 0;
    await this.start();
    try {
      return deletedCount(await this.#o.boss.deleteJob(this.#o.deadLetterQueue, wanted));
    } catch (error) {
      throw new JourneysOutboxError(`Could not delete dead letters: ${describeCause(error)}`, { cause: error });
    }
  }

  /** Not the client or the boss (they may hold credentials). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `JourneysOutbox { queue: '${this.#o.queue}', deadLetterQueue: '${this.#o.deadLetterQueue}' }`;
  }

  /** Only the queue names, for the same reason as the inspect output: a logged outbox must not leak the client's key or the database URL. */
  toJSON(): {
    /** See {@link JourneysOutbox.queue}. */
    queue: string;
    /** See {@link JourneysOutbox.deadLetterQueue}. */
    deadLetterQueue: string;
  } {
    return { queue: this.#o.queue, deadLetterQueue: this.#o.deadLetterQueue };
  }

  /** `await using outbox = ...` stops it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}

/**
 * The default `batchSize`: at 16, claiming, completing and deleting cost about 0.2 statements per
 * delivery (0.75 with batches of 4), which roughly halved the worker's CPU per delivery in
 * `pnpm bench:outbox`; larger batches save little more and wait longer on their slowest delivery.
 */
const DEFAULT_MAX_BATCH_SIZE = 16;

/**
 * How `concurrency` deliveries are fetched: in as few pg-boss worker loops as batches of at most
 * `batchSize` allow, each delivering its batch's jobs in parallel. A loop waits its polling
 * interval after every fetch unless the fetch came back full and bursting is on, which pg-boss
 * allows only for batches of two or more: one job per loop would cap a loop at one delivery per
 * interval (16 loops at 0.5 s: 32 journeys/s). So a loop fetches again at once while there is a
 * backlog; for a loop of one job, `burstWhenReadyExceeds` does the same from pg-boss's cached
 * queue counts.
 */
function fetchPlan(
  concurrency: number,
  batchSize: number,
): { localConcurrency: number; batchSize: number; burstWhenBatchFull: boolean; burstWhenReadyExceeds: number } {
  const localConcurrency = Math.ceil(concurrency / batchSize);
  // Rounded down: the loops together never run more than `concurrency` (17 at 16: two of 8).
  return { localConcurrency, batchSize: Math.floor(concurrency / localConcurrency), burstWhenBatchFull: true, burstWhenReadyExceeds: 1 };
}

/** pg-boss answers a delete with the rows it removed in `affected` (its declared type leaves it out). */
function deletedCount(response: unknown): number {
  const affected = (response as { affected?: unknown } | null)?.affected;
  return typeof affected === 'number' ? affected : 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkLimit(limit: unknown): void {
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 100_000)
    throw new JourneysConfigurationError('limit must be a whole number from 1 to 100000');
}

const REASONS: ReadonlySet<unknown> = new Set<DeadLetterReason>(['permanent', 'horizon', 'configuration']);
function isDeadLetterReason(value: unknown): value is DeadLetterReason {
  return REASONS.has(value);
}

/**
 * Why a failed delivery ends now, or undefined to retry it: Courier refused it (`permanent`), the
 * worker's own catalog refused it before sending (`configuration`: the journey left it; other
 * configuration errors, such as a dependency that failed to load, may pass and are retried), or the
 * retry horizon is over (`horizon`).
 */
function deadLetterReason(error: unknown, horizonOver: boolean): DeadLetterReason | undefined {
  if (isNotInCatalog(error)) return 'configuration';
  // Retry for hours: every class but permanent may pass later, until the horizon.
  if (classifyFailure(error) === 'permanent') return 'permanent';
  return horizonOver ? 'horizon' : undefined;
}

/** A key for the n-th replay of a refused invocation: related to the original, within 255 characters. */
function replayKey(key: string, replays: number): string {
  const suffix = `:replay-${replays}`;
  const base = key.replace(/:replay-\d+$/, '');
  const head = base.length + suffix.length <= 255 ? base : createHash('sha256').update(base).digest('hex');
  return `${head}${suffix}`;
}

/** A UUID-shaped id derived from `seed` (pg-boss job ids are UUIDs). */
function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
