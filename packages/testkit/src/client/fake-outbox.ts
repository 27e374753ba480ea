import {
  JourneysConfigurationError,
  type EnqueueOptions,
  type EnqueueResult,
  type InvokeRequest,
  type JourneysEnqueuer,
  type JourneysInvoker,
} from '@journeykit/core';
import { classifyFailure, isJourneyCatalog, prepareEnqueue, rejectUnknownOptions, type AnyJourneyCatalog } from '@journeykit/core/internal';
import { assertSeed, createIdSource, type IdSource } from '../model/ids.js';
import { checkClock, type FakeClock } from '../model/clock.js';

/** What `@journeykit/outbox` retries by default (6 hours): the latest `startAfter` depends on it. */
const DEFAULT_HORIZON_MS = 6 * 3_600_000;
/** The real outbox's longest horizon (360 days: the horizon and its margin fit in Courier's year). */
const MAX_HORIZON_MS = 360 * 86_400_000;
const KEY_MARGIN_MS = 3_600_000;
const YEAR_MS = 365 * 86_400_000;
const OPTION_NAMES = ['catalog', 'retry', 'seed', 'clock'] as const satisfies readonly (keyof FakeJourneysOutboxOptions)[];

/** One invocation the fake outbox stored. */
export interface FakeEnqueued {
  /** `fake-job-<n>`, counting from 1 in enqueue order (restarted by `reset()`): what `enqueue` returned. */
  jobId: string;
  /** The template ID or alias as given to `enqueue`. */
  templateId: string;
  /** The request as it would go on the wire (validated JSON, parsed back). */
  request: InvokeRequest;
  /** The user Courier would resolve, when the request names one (as the real outbox's hooks report it). */
  userId: string | undefined;
  /** The key every delivery sends: the one given, or the one generated at enqueue. */
  idempotencyKey: string;
  /** When it may be delivered (`startAfter` resolved against the enqueue time); undefined for at once. `deliverAll({ due })` skips later ones. */
  startAfter: Date | undefined;
  /**
   * `pending` until delivered; `delivered` once the client answered; `dead-letter` when the
   * client refused it for good (a 4xx other than 408/409/429, or invalid input). A transient
   * failure leaves it `pending`, as the real outbox retries it.
   */
  state: 'pending' | 'delivered' | 'dead-letter';
  /** The run the client started, once `delivered`. */
  runId: string | undefined;
  /** The last delivery error, if any. */
  error: unknown;
  /** When it was enqueued. */
  at: Date;
}

/** Options of {@link FakeJourneysOutbox}. */
export interface FakeJourneysOutboxOptions {
  /** Checked at enqueue, like the real outbox does. */
  catalog?: AnyJourneyCatalog;
  /** The real outbox's `retry.horizonMs` (it bounds `startAfter` and `delayMs`). Default 6 hours, as there. */
  retry?: {
    /** How long the real outbox retries, in ms, from when an invocation is due (1 000 to 360 days). */
    horizonMs?: number;
  };
  /** Makes job ids and generated keys reproducible. */
  seed?: number;
  /** Where the fake reads the time: enqueue times and `delayMs`. Default `Date`. The same option as the fake server's and the outbox's. */
  clock?: FakeClock;
}

/** What {@link FakeJourneysOutbox.deliverAll} did. */
export interface FakeDeliveryReport {
  /** Accepted by the client in this call (now `delivered`). */
  delivered: number;
  /** Left pending after a transient failure (the real outbox would retry them later). */
  retried: number;
  /** Refused for good in this call (now `dead-letter`), as the real outbox would dead-letter them. */
  deadLettered: number;
}

/**
 * An in-memory stand-in for `JourneysOutbox` in unit tests: no database, the same validation at
 * enqueue (core's `prepareEnqueue`, so the same calls are rejected with the same errors), every
 * enqueued invocation recorded in {@link FakeJourneysOutbox.enqueued}, and
 * {@link FakeJourneysOutbox.deliverAll} to deliver what is pending to a (fake) client. `db` is
 * accepted and ignored: there is no transaction to join.
 *
 * @example
 * ```ts
 * import { FakeJourneysClient, FakeJourneysOutbox } from '@journeykit/testkit';
 *
 * const outbox = new FakeJourneysOutbox();
 * await signUp(outbox, 'ada@example.com');            // your code calls outbox.enqueue(...)
 * expect(outbox.enqueued).toMatchObject([{ templateId: 'welcome', state: 'pending' }]);
 *
 * const client = new FakeJourneysClient();
 * await outbox.deliverAll(client);
 * expect(client.invocations).toHaveLength(1);
 * ```
 */
export class FakeJourneysOutbox implements JourneysEnqueuer {
  /** The catalog given in the options: `enqueue` rejects what a real outbox with the same catalog would. */
  readonly catalog: AnyJourneyCatalog | undefined;
  readonly #maxDelayMs: number;
  readonly #now: () => number;
  readonly #seed: number | undefined;
  readonly #enqueued: FakeEnqueued[] = [];
  #ids: IdSource;
  #jobs = 0;

  constructor(options: FakeJourneysOutboxOptions = {}) {
    if (options === null || typeof options !== 'object') throw new JourneysConfigurationError('FakeJourneysOutbox: options must be an object');
    rejectUnknownOptions('FakeJourneysOutbox', options, OPTION_NAMES);
    assertSeed(options.seed);
    if (options.catalog !== undefined && !isJourneyCatalog(options.catalog)) {
      throw new JourneysConfigurationError('catalog must be made by defineJourneys()');
    }
    const retry = options.retry ?? {};
    if (retry === null || typeof retry !== 'object') throw new JourneysConfigurationError('FakeJourneysOutbox: retry must be an object');
    rejectUnknownOptions('FakeJourneysOutbox: retry', retry, ['horizonMs']);
    const horizon = retry.horizonMs ?? DEFAULT_HORIZON_MS;
    if (!Number.isInteger(horizon) || horizon < 1000 || horizon > MAX_HORIZON_MS) {
      throw new JourneysConfigurationError(
        `FakeJourneysOutbox: retry.horizonMs must be a whole number of milliseconds from 1000 to ${MAX_HORIZON_MS}, got ${String(horizon)}`,
      );
    }
    this.catalog = options.catalog;
    this.#now = checkClock('FakeJourneysOutbox', options.clock);
    this.#maxDelayMs = YEAR_MS - horizon - KEY_MARGIN_MS;
    this.#seed = options.seed;
    this.#ids = createIdSource(options.seed);
  }

  /** Everything enqueued, oldest first, whatever its state. */
  get enqueued(): readonly FakeEnqueued[] {
    return this.#enqueued;
  }

  /** The invocations not delivered yet. */
  get pending(): readonly FakeEnqueued[] {
    return this.#enqueued.filter((e) => e.state === 'pending');
  }

  /** Validates like `JourneysOutbox#enqueue` and records the invocation as pending. */
  enqueue(templateId: string, request: InvokeRequest, options?: EnqueueOptions): Promise<EnqueueResult> {
    const now = this.#now();
    let prepared;
    try {
      prepared = prepareEnqueue(templateId, request, options, {
        catalog: this.catalog,
        checkDb: (db) => (db === null || (typeof db !== 'object' && typeof db !== 'function') ? 'must be a transaction handle' : undefined),
        maxDelayMs: this.#maxDelayMs,
        now,
      });
    } catch (error) {
      return Promise.reject(error);
    }
    const jobId = `fake-job-${++this.#jobs}`;
    const idempotencyKey = prepared.idempotencyKey ?? this.#ids.idempotencyKey();
    this.#enqueued.push({
      jobId,
      templateId: prepared.invocation.templateId,
      request: prepared.request,
      userId: prepared.invocation.userId,
      idempotencyKey,
      startAfter: prepared.dueAt === undefined ? undefined : new Date(prepared.dueAt),
      state: 'pending',
      runId: undefined,
      error: undefined,
      at: new Date(now),
    });
    return Promise.resolve({ jobId, idempotencyKey });
  }

  /**
   * Delivers every pending invocation (delayed ones included, unless `due` says otherwise) to
   * `client` with its idempotency key, one at a time in enqueue order, and reports what happened.
   * Classifies failures like the real worker: transient ones stay pending, permanent ones become
   * dead letters.
   *
   * @example
   * ```ts
   * const report = await outbox.deliverAll(new FakeJourneysClient());
   * expect(report).toEqual({ delivered: 2, retried: 0, deadLettered: 0 });
   * ```
   */
  async deliverAll(client: JourneysInvoker, options: { due?: Date } = {}): Promise<FakeDeliveryReport> {
    if (client === null || typeof client !== 'object' || typeof client.invoke !== 'function') {
      throw new JourneysConfigurationError('deliverAll() needs a JourneysInvoker, e.g. new FakeJourneysClient()');
    }
    if (options === null || typeof options !== 'object') throw new JourneysConfigurationError('deliverAll(): options must be an object');
    rejectUnknownOptions('deliverAll()', options, ['due']);
    const report: FakeDeliveryReport = { delivered: 0, retried: 0, deadLettered: 0 };
    for (const job of this.pending) {
      if (options.due !== undefined && job.startAfter !== undefined && job.startAfter > options.due) continue;
      try {
        job.runId = (await client.invoke(job.templateId, job.request, { idempotencyKey: job.idempotencyKey })).runId;
        job.state = 'delivered';
        job.error = undefined;
        report.delivered++;
      } catch (error) {
        job.error = error;
        // Dead-letter what would be refused again; retry the rest, as the outbox worker does.
        if (classifyFailure(error) === 'permanent') {
          job.state = 'dead-letter';
          report.deadLettered++;
        } else report.retried++;
      }
    }
    return report;
  }

  /** Forgets everything enqueued; a seeded fake restarts its id sequence. */
  reset(): void {
    this.#enqueued.length = 0;
    this.#jobs = 0;
    this.#ids = createIdSource(this.#seed);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `FakeJourneysOutbox { enqueued: ${this.#enqueued.length}, pending: ${this.pending.length} }`;
  }
}
