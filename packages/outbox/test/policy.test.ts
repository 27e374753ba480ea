/** The pure parts: the retry count for a horizon, which failures are permanent, which `db` is which, option checks. */
import {
  JourneysApiError,
  JourneysConfigurationError,
  JourneysConnectionError,
  JourneysQueueTimeoutError,
  JourneysTimeoutError,
  JourneysValidationError,
  defineJourneys,
} from '@journeykit/core';
import { classifyFailure } from '@journeykit/core/internal';
import { FakeJourneysClient } from '@journeykit/testkit';
import { PgBoss } from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { JourneysOutbox } from '../src/index.js';
import type { OutboxProbe } from '../src/index.js';
import { toExecutor } from '../src/executor.js';
import { describeFailure } from '../src/failure.js';
import { DEFAULT_RETRY_SCHEDULE, retryLimitFor } from '../src/retry-schedule.js';

/** pg-boss's delay after a failure with retry_count n (its plans.ts: `2 ^ LEAST(16, retry_count + 1) / 2 * (1 + random())`). */
function pgBossDelay(n: number, delay: number, max: number, jitter: number): number {
  const base = 2 ** Math.min(16, n + 1) / 2;
  return Math.min(max, delay * (base + base * jitter));
}

describe('retryLimitFor', () => {
  it.each([
    ['the default (6 h, 10 s doubling to 10 min)', DEFAULT_RETRY_SCHEDULE],
    ['a short horizon', { horizonMs: 4000, initialDelayMs: 1000, maxDelayMs: 1000 }],
    ['a day, no cap to speak of', { horizonMs: 86_400_000, initialDelayMs: 5000, maxDelayMs: 86_400_000 }],
    ['a year-long horizon', { horizonMs: 360 * 86_400_000, initialDelayMs: 60_000, maxDelayMs: 3_600_000 }],
  ])('never runs out before the horizon for %s, even with the shortest jitter', (_name, schedule) => {
    const limit = retryLimitFor(schedule);
    let shortest = 0;
    for (let n = 0; n < limit; n++) shortest += pgBossDelay(n, schedule.initialDelayMs, schedule.maxDelayMs, 0);
    expect(shortest).toBeGreaterThanOrEqual(schedule.horizonMs);
  });

  it('is hours of retries by default, not seconds', () => {
    let longest = 0;
    for (let n = 0; n < retryLimitFor(DEFAULT_RETRY_SCHEDULE); n++) longest += pgBossDelay(n, 10, 600, 1);
    expect(longest).toBeGreaterThan(6 * 3600);
  });
});

/** What a client with a catalog throws for a journey the catalog does not have. */
function catalogRefusal(): unknown {
  try {
    defineJourneys({ welcome: {} }).check('retired', {});
  } catch (error) {
    return error;
  }
  throw new Error('the catalog accepted a journey it does not have');
}

describe('which failures are permanent', () => {
  const api = (status: number) => new JourneysApiError(`Courier answered ${status}`, status, {});
  it.each([
    ['400', api(400), true],
    ['401 (wrong key)', api(401), true],
    ['404 (unknown template)', api(404), true],
    ['422', api(422), true],
    ['408', api(408), false],
    ['409 (same key still executing)', api(409), false],
    ['429', api(429), false],
    ['500', api(500), false],
    ['503', api(503), false],
    ['a 200 without runId (reported as an API error with status 200)', api(200), false],
    ['a timeout', new JourneysTimeoutError(1000), false],
    ['a dropped connection', new JourneysConnectionError('socket hang up'), false],
    ['no free connection within queueTimeoutMs (retried for hours, as waitFor polls again)', new JourneysQueueTimeoutError(100, 4), false],
    ['invalid input', new JourneysValidationError([{ path: [], message: 'bad' }]), true],
    ['the worker’s catalog refusing it (a journey not in its catalog)', catalogRefusal(), true],
    [
      'the same refusal from a second copy of core (read by code and marker, not instanceof)',
      Object.assign(new Error('"x" is not in the journey catalog'), { code: 'ERR_JOURNEYS_CONFIG', notInCatalog: true }),
      true,
    ],
    ['another configuration error (undici could not be loaded)', new JourneysConfigurationError('undici could not be loaded'), false],
    ['a custom invoker’s configuration error', Object.assign(new Error('token vault unreachable'), { code: 'ERR_JOURNEYS_CONFIG' }), false],
    ['an unexpected error', new Error('boom'), false],
  ])('%s → permanent: %s', (_name, error, permanent) => {
    // The worker dead-letters exactly core's permanent class (outbox.ts deadLetterReason).
    expect(classifyFailure(error) === 'permanent').toBe(permanent);
  });

  it('describes a failure by code, status, message and request id only', () => {
    const error = new JourneysApiError('Courier answered 404', 404, { secret: 'body' }, 'req-1');
    expect(describeFailure(error)).toEqual({ code: 'ERR_JOURNEYS_API', status: 404, message: 'Courier answered 404', requestId: 'req-1' });
    expect(describeFailure(new RangeError('odd'))).toEqual({ code: 'ERR_JOURNEYS_OUTBOX_DELIVERY', message: 'RangeError: odd' });
  });
});

describe('toExecutor', () => {
  const executeSql = async () => ({ rows: [] });
  it.each([
    ['a pg-boss executor', { executeSql }, 'same'],
    ['a pg client', { query: async () => ({ rows: [{ a: 1 }] }) }, 'executor'],
    ['a Kysely transaction', { executeQuery: async () => ({ rows: [] }) }, 'executor'],
    ['a Prisma transaction client', { $queryRawUnsafe: async () => [] }, 'executor'],
    ['a Knex transaction', Object.assign(() => undefined, { raw: async () => ({ rows: [] }) }), 'executor'],
    ['a PGlite transaction', { query: async () => ({ rows: [] }), exec: async () => [] }, 'executor'],
    ['a Drizzle transaction', { execute: async () => ({ rows: [] }) }, /fromDrizzle/],
    ['a string', 'postgres://...', /transaction handle/],
    ['null', null, /transaction handle/],
  ])('%s', (_name, db, expected) => {
    const result = toExecutor(db);
    if (expected === 'same') expect(result).toBe(db);
    else if (expected === 'executor') expect(typeof (result as { executeSql?: unknown }).executeSql).toBe('function');
    else expect(result).toMatch(expected);
  });

  it('concatenates the rows of a multi-statement answer from node-postgres', async () => {
    const db = toExecutor({ query: async () => [{ rows: [{ a: 1 }] }, { rows: [] }, { rows: [{ b: 2 }] }] });
    expect(await (db as { executeSql: (t: string) => Promise<unknown> }).executeSql('SELECT 1; SELECT; SELECT 2')).toEqual({
      rows: [{ a: 1 }, { b: 2 }],
    });
  });
});

describe('options', () => {
  const boss = new PgBoss('postgres://nobody@127.0.0.1:1/none');
  const client = new FakeJourneysClient();
  it.each([
    ['no boss', { client }, /boss must be a PgBoss/],
    ['no client', { boss }, /client must implement invoke/],
    ['a bad queue name', { boss, client, queue: 'has space' }, /queue must be/],
    ['the same dead-letter queue', { boss, client, queue: 'q', deadLetterQueue: 'q' }, /must differ/],
    [
      'a horizon as a string',
      { boss, client, retry: { horizonMs: '3600000' } },
      /retry\.horizonMs must be a whole number of milliseconds.*got a string/,
    ],
    ['a horizon past a year', { boss, client, retry: { horizonMs: 400 * 86_400_000 } }, /retry\.horizonMs .*Courier keeps a key a year/],
    [
      'a max delay under the first delay',
      { boss, client, retry: { initialDelayMs: 60_000, maxDelayMs: 10_000 } },
      /retry\.maxDelayMs must be at least/,
    ],
    [
      'a heartbeat under pg-boss’s minimum',
      { boss, client, heartbeatMs: 5000 },
      /heartbeatMs .*from 10000 .*pg-boss's heartbeat is 10 s at least.*got 5000/,
    ],
    [
      'a first delay under pg-boss’s whole second',
      { boss, client, retry: { initialDelayMs: 500 } },
      /retry\.initialDelayMs .*pg-boss counts whole seconds/,
    ],
    ['a fractional ms', { boss, client, deliveryTimeoutMs: 1000.5 }, /deliveryTimeoutMs must be a whole number of milliseconds/],
    ['a replay window past Courier’s year', { boss, client, replayWindowMs: 365 * 86_400_000 }, /replayWindowMs .*Courier keeps a key a year/],
    ['a dead-letter retention past pg-boss’s int', { boss, client, retention: { deadLetterMs: 2 ** 31 * 1000 } }, /retention\.deadLetterMs/],
    // Unknown names are refused with core's check, naming the one meant: the old seconds names included.
    ['heartbeatSeconds', { boss, client, heartbeatSeconds: 30 }, /^JourneysOutbox: unknown option "heartbeatSeconds" \(did you mean heartbeatMs\?\)/],
    ['replayWindowSeconds', { boss, client, replayWindowSeconds: 60 }, /unknown option "replayWindowSeconds" \(did you mean replayWindowMs\?\)/],
    [
      'deliveryTimeoutSeconds',
      { boss, client, deliveryTimeoutSeconds: 60 },
      /unknown option "deliveryTimeoutSeconds" \(did you mean deliveryTimeoutMs\?\)/,
    ],
    [
      'retry.horizonSeconds',
      { boss, client, retry: { horizonSeconds: 60 } },
      /^JourneysOutbox: retry: unknown option "horizonSeconds" \(did you mean horizonMs\?\)/,
    ],
    [
      'retry.initialDelaySeconds',
      { boss, client, retry: { initialDelaySeconds: 1 } },
      /retry: unknown option "initialDelaySeconds" \(did you mean initialDelayMs\?\)/,
    ],
    [
      'retry.maxDelaySeconds',
      { boss, client, retry: { maxDelaySeconds: 1 } },
      /retry: unknown option "maxDelaySeconds" \(did you mean maxDelayMs\?\)/,
    ],
    [
      'retention.deliveredSeconds',
      { boss, client, retention: { deliveredSeconds: 1 } },
      /retention: unknown option "deliveredSeconds" \(did you mean deliveredMs\?\)/,
    ],
    [
      'retention.deadLetterSeconds',
      { boss, client, retention: { deadLetterSeconds: 1 } },
      /retention: unknown option "deadLetterSeconds" \(did you mean deadLetterMs\?\)/,
    ],
    ['a misspelt option', { boss, client, stopBos: false }, /unknown option "stopBos" \(did you mean stopBoss\?\)/],
    ['an option of another package', { boss, client, apiKey: 'sk' }, /unknown option "apiKey"; known options are boss, client/],
    ['a telemetry without observeOutbox', { boss, client, telemetry: {} }, /telemetry must have observeOutbox/],
  ])('refuses %s with a JourneysConfigurationError', (_name, options, message) => {
    expect(() => new JourneysOutbox(options as never)).toThrow(JourneysConfigurationError);
    expect(() => new JourneysOutbox(options as never)).toThrow(message);
  });

  it('shows neither client nor boss in util.inspect or JSON', async () => {
    const { inspect } = await import('node:util');
    const outbox = new JourneysOutbox({ boss, client });
    expect(inspect(outbox)).toBe("JourneysOutbox { queue: 'journeykit-invoke', deadLetterQueue: 'journeykit-invoke-dead-letter' }");
    expect(JSON.stringify(outbox)).toBe('{"queue":"journeykit-invoke","deadLetterQueue":"journeykit-invoke-dead-letter"}');
  });

  it('tells a telemetry its queues once, at construction, with a probe that reads nothing before start()', async () => {
    const probes: OutboxProbe[] = [];
    new JourneysOutbox({ boss, client, queue: 'orders', telemetry: { observeOutbox: (probe) => (probes.push(probe), {}) } });
    expect(probes.map((p) => [p.queue, p.deadLetterQueue])).toEqual([['orders', 'orders-dead-letter']]);
    await expect(probes[0]?.oldestPendingAgeMs()).resolves.toBeUndefined();
  });

  it('work() checks its options before touching the database', async () => {
    const outbox = new JourneysOutbox({ boss, client });
    await expect(outbox.work({ concurrency: 0 })).rejects.toThrow(/concurrency must be a whole number/);
    await expect(outbox.work({ pollIntervalMs: 100 })).rejects.toThrow(/pollIntervalMs .*from 500 .*got 100/);
    await expect(outbox.work({ pollingIntervalSeconds: 0.5 } as never)).rejects.toThrow(
      /^JourneysOutbox\.work\(\): unknown option "pollingIntervalSeconds" \(did you mean pollIntervalMs\?\)/,
    );
  });

  it.each([
    [{ batchSize: 0 }, /batchSize must be a whole number from 1 to concurrency \(1\), got 0/],
    [{ concurrency: 4, batchSize: 5 }, /batchSize must be a whole number from 1 to concurrency \(4\), got 5/],
    [{ concurrency: 4, batchSize: 1.5 }, /batchSize must be a whole number from 1 to concurrency \(4\), got 1\.5/],
    [{ concurrency: 4, batchSize: '2' }, /batchSize must be a whole number from 1 to concurrency \(4\), got 2/],
  ])('work(%o) is refused before touching the database', async (options, expected) => {
    await expect(new JourneysOutbox({ boss, client }).work(options as never)).rejects.toThrow(expected);
  });

  it('preparedStatements must be true or false', () => {
    expect(() => new JourneysOutbox({ boss, client, preparedStatements: 'yes' as never })).toThrow(
      /^JourneysOutbox: preparedStatements must be true or false$/,
    );
  });

  it.each([
    [
      'listDeadLetters',
      (o: JourneysOutbox) => o.listDeadLetters({ limt: 5 } as never),
      /^listDeadLetters\(\): unknown option "limt" \(did you mean limit\?\)/,
    ],
    [
      'replayDeadLetters',
      (o: JourneysOutbox) => o.replayDeadLetters({ onExpired: 'skip' } as never),
      /^replayDeadLetters\(\): unknown option "onExpired"/,
    ],
    [
      'deleteDeadLetters',
      (o: JourneysOutbox) => o.deleteDeadLetters({ ids: [], all: true } as never),
      /^deleteDeadLetters\(\): unknown option "all"/,
    ],
  ])('%s() refuses an unknown option before touching the database', async (_name, call, message) => {
    const outbox = new JourneysOutbox({ boss, client });
    await expect(call(outbox)).rejects.toThrow(JourneysConfigurationError);
    await expect(call(outbox)).rejects.toThrow(message);
  });
});

/** A pg-boss stand-in that records what the outbox asks of it: the unit under test is the ms-to-seconds boundary. */
function recordingBoss() {
  const sent: Record<string, unknown>[] = [];
  const queues: Record<string, unknown>[] = [];
  const boss = {
    listenerCount: () => 1,
    on: () => boss,
    start: async () => boss,
    getQueue: async () => null,
    createQueue: async (_name: string, options: Record<string, unknown>) => void queues.push(options),
    send: async (_queue: string, _data: unknown, options: Record<string, unknown>) => (sent.push(options), '00000000-0000-4000-8000-000000000001'),
    work: async () => 'worker',
  };
  return { boss: boss as unknown as PgBoss, sent, queues };
}

describe('milliseconds in, pg-boss seconds out', () => {
  const client = new FakeJourneysClient();
  it.each([
    ['the defaults', {}, { retryDelay: 10, retryDelayMax: 600, heartbeatSeconds: 30, expireInSeconds: 300, deleteAfterSeconds: 3600 }],
    [
      'whole seconds',
      { retry: { initialDelayMs: 2000, maxDelayMs: 8000 }, heartbeatMs: 15_000, deliveryTimeoutMs: 60_000, retention: { deliveredMs: 7_200_000 } },
      { retryDelay: 2, retryDelayMax: 8, heartbeatSeconds: 15, expireInSeconds: 60, deleteAfterSeconds: 7200 },
    ],
    // A fraction of a second rounds up: pg-boss never waits, keeps or allows less than was asked.
    [
      'fractions of a second',
      { retry: { initialDelayMs: 1001, maxDelayMs: 1500 }, heartbeatMs: 10_001, deliveryTimeoutMs: 59_999, retention: { deliveredMs: 1 } },
      { retryDelay: 2, retryDelayMax: 2, heartbeatSeconds: 11, expireInSeconds: 60, deleteAfterSeconds: 1 },
    ],
  ])('%s', async (_name, options, expected) => {
    const { boss, sent } = recordingBoss();
    const outbox = new JourneysOutbox({ boss, client, ...options });
    await outbox.start();
    await outbox.enqueue('welcome', { user_id: 'u1' });
    expect(sent[0]).toMatchObject(expected);
  });

  it('the dead-letter retention rounds up too', async () => {
    const { boss, queues } = recordingBoss();
    await new JourneysOutbox({ boss, client, retention: { deadLetterMs: 86_400_500 } }).start();
    expect(queues[0]).toEqual({ retentionSeconds: 86_401 });
  });

  // One pg-boss loop per batch; the loops together never run more than `concurrency` at once.
  it.each([
    [{}, { localConcurrency: 1, batchSize: 1 }],
    [{ concurrency: 4 }, { localConcurrency: 1, batchSize: 4 }],
    [{ concurrency: 16 }, { localConcurrency: 1, batchSize: 16 }],
    [{ concurrency: 17 }, { localConcurrency: 2, batchSize: 8 }],
    [{ concurrency: 20 }, { localConcurrency: 2, batchSize: 10 }],
    [{ concurrency: 64 }, { localConcurrency: 4, batchSize: 16 }],
    [
      { concurrency: 16, batchSize: 4 },
      { localConcurrency: 4, batchSize: 4 },
    ],
    [
      { concurrency: 3, batchSize: 1 },
      { localConcurrency: 3, batchSize: 1 },
    ],
  ])('work(%o) fetches in %o', async (options, expected) => {
    const { boss } = recordingBoss();
    const calls: Record<string, unknown>[] = [];
    (boss as unknown as { work: (...a: unknown[]) => Promise<string> }).work = async (...args) => (
      calls.push(args[1] as Record<string, unknown>), 'w'
    );
    await new JourneysOutbox({ boss, client }).work(options);
    expect(calls[0]).toMatchObject(expected);
  });

  it('the polling interval goes to pg-boss as fractional seconds, unrounded', async () => {
    const { boss } = recordingBoss();
    const calls: unknown[] = [];
    (boss as unknown as { work: (...a: unknown[]) => Promise<string> }).work = async (...args) => (calls.push(args[1]), 'w');
    await new JourneysOutbox({ boss, client }).work({ pollIntervalMs: 750 });
    expect(calls[0]).toMatchObject({ pollingIntervalSeconds: 0.75 });
  });
});
