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
    ['a short horizon', { horizonSeconds: 4, initialDelaySeconds: 1, maxDelaySeconds: 1 }],
    ['a day, no cap to speak of', { horizonSeconds: 86_400, initialDelaySeconds: 5, maxDelaySeconds: 86_400 }],
    ['a year-long horizon', { horizonSeconds: 360 * 86_400, initialDelaySeconds: 60, maxDelaySeconds: 3_600 }],
  ])('never runs out before the horizon for %s, even with the shortest jitter', (_name, schedule) => {
    const limit = retryLimitFor(schedule);
    let shortest = 0;
    for (let n = 0; n < limit; n++) shortest += pgBossDelay(n, schedule.initialDelaySeconds, schedule.maxDelaySeconds, 0);
    expect(shortest).toBeGreaterThanOrEqual(schedule.horizonSeconds);
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
    ['a horizon in minutes as a string', { boss, client, retry: { horizonSeconds: '3600' } }, /horizonSeconds must be a whole number.*got a string/],
    ['a horizon past a year', { boss, client, retry: { horizonSeconds: 400 * 86_400 } }, /horizonSeconds/],
    ['a max delay under the first delay', { boss, client, retry: { initialDelaySeconds: 60, maxDelaySeconds: 10 } }, /maxDelaySeconds/],
    ['a heartbeat under pg-boss’s minimum', { boss, client, heartbeatSeconds: 5 }, /heartbeatSeconds/],
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
    await expect(probes[0]?.oldestPendingAgeSeconds()).resolves.toBeUndefined();
  });

  it('work() checks its options before touching the database', async () => {
    const outbox = new JourneysOutbox({ boss, client });
    await expect(outbox.work({ concurrency: 0 })).rejects.toThrow(/concurrency must be a whole number/);
    await expect(outbox.work({ pollingIntervalSeconds: 0.1 })).rejects.toThrow(/pollingIntervalSeconds/);
  });
});
