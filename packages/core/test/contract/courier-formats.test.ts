/**
 * What core sends in the formats Courier reads, and what it refuses before sending because Courier
 * would refuse it: run-list date bounds (ISO 8601 only) and X-Idempotency-Expiration (ISO 8601,
 * within Courier's 24 h..1 year).
 */
import { describe, expect, it } from 'vitest';
import { JourneysValidationError } from '../../src/index.js';
import { isoTimeSpan, raiseKeyExpiration } from '../../src/internal.js';
import { json } from '@journeykit/test-support/local-server';
import { useScriptedServer } from '../support/scripted-server.js';

const { server, client, script } = useScriptedServer({ apiKey: 'sk_test_formats_0123456789', retryDelayMs: 1 });
const HOUR = 3_600_000;

describe('runs.list date bounds', () => {
  // courier-node src/resources/journeys/runs.ts, RunListParams.start_date: "as an ISO 8601 date or
  // timestamp (e.g. `2026-08-18` or `2026-08-18T20:06:36.259Z`). Any other format returns `400`."
  it.each(['Aug 18 2026', '2026/08/18', '18-08-2026', '1787000000000', '2026-08-18 20:06', '2026-02-31', '2026-08-18T25:00Z'])(
    '%s is refused before sending',
    async (value) => {
      for (const field of ['start_date', 'end_date']) {
        const error = await client()
          .runs.list({ [field]: value })
          [Symbol.asyncIterator]()
          .next()
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(JourneysValidationError);
        expect((error as Error).message).toContain(`filter.${field}: must be a Date or an ISO 8601 string`);
      }
      expect(server.requests).toHaveLength(0);
    },
  );

  // Courier's SDK (runs.ts) says only "an ISO 8601 date or timestamp"; how it reads a date-only bound
  // is not documented, so core sends the instants its own docs promise (the whole UTC day, UTC if no offset).
  it.each([
    ['a date-only bound: the whole UTC day', '2026-11-01', '2026-11-29', '2026-11-01T00:00:00.000Z', '2026-11-29T23:59:59.999Z'],
    ['a UTC timestamp: that instant', '2026-08-18T20:06:36.259Z', '2026-08-18T20:06:36Z', '2026-08-18T20:06:36.259Z', '2026-08-18T20:06:36.000Z'],
    ['a timestamp without offset: UTC', '2026-11-01T08:30', '2026-11-29T17:45:10.5', '2026-11-01T08:30:00.000Z', '2026-11-29T17:45:10.500Z'],
    [
      'a timestamp with an offset: that instant',
      '2026-11-01T08:30:00+02:00',
      '2026-11-29T17:45:00-0500',
      '2026-11-01T06:30:00.000Z',
      '2026-11-29T22:45:00.000Z',
    ],
    [
      'a Date: its instant',
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-11-29T12:00:00Z'),
      '2026-11-01T00:00:00.000Z',
      '2026-11-29T12:00:00.000Z',
    ],
  ])('%s: start_date and end_date go out as full ISO timestamps', async (_name, start_date, end_date, sentStart, sentEnd) => {
    script((_q, res) => json(res, 200, { runs: [] }));
    for await (const _ of client().runs.list({ start_date, end_date })) void _;
    const query = new URL(server.requests[0]?.url ?? '', 'http://x').searchParams;
    expect([query.get('start_date'), query.get('end_date')]).toEqual([sentStart, sentEnd]);
  });

  it('isoTimeSpan reads a date as its whole UTC day and a timestamp as one instant', () => {
    expect(isoTimeSpan('2026-08-18')).toEqual({ from: Date.UTC(2026, 7, 18), to: Date.UTC(2026, 7, 19) - 1 });
    expect(isoTimeSpan('2026-08-18T22:06:36+02:00')).toEqual({ from: Date.UTC(2026, 7, 18, 20, 6, 36), to: Date.UTC(2026, 7, 18, 20, 6, 36) });
    expect(isoTimeSpan('2026-08-18T20:06')).toEqual({ from: Date.UTC(2026, 7, 18, 20, 6), to: Date.UTC(2026, 7, 18, 20, 6) });
    expect(isoTimeSpan('Aug 18 2026')).toBeUndefined();
  });
});

describe('X-Idempotency-Expiration', () => {
  // trycourier/docs docs/reference/idempotent-requests.mdx reads a number as epoch milliseconds,
  // courier-node journeys.ts as Unix seconds; both read ISO 8601: that is what core sends.
  it('is sent as ISO 8601', async () => {
    script((_q, res) => json(res, 200, { runId: 'r-1' }));
    const at = new Date(Date.now() + 48 * HOUR);
    await client().invoke('welcome', { user_id: 'u1' }, { idempotencyExpiresAt: at });
    expect(server.requests[0]?.headers['x-idempotency-expiration']).toBe(at.toISOString());
  });

  // idempotent-requests.mdx: "The minimum value that can be set is 24 hours. The maximum value that can be set is 1 year."
  it.each([
    ['1 hour ahead', 1 * HOUR],
    ['23 hours ahead', 23 * HOUR],
    ['in the past', -HOUR],
    ['a year and a day ahead', (366 * 24 + 1) * HOUR],
  ])('%s is refused before sending, naming the range', async (_name, ahead) => {
    const at = new Date(Date.now() + ahead);
    const error = await client()
      .invoke('welcome', { user_id: 'u1' }, { idempotencyExpiresAt: at })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect((error as JourneysValidationError).issues).toEqual([
      {
        path: ['options', 'idempotencyExpiresAt'],
        message: `must be between 24 hours and 1 year from now (Courier's range), got ${at.toISOString()}`,
      },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['24 hours and a minute ahead', 24 * HOUR + 60_000],
    ['364 days ahead', 364 * 24 * HOUR],
  ])('%s is sent', async (_name, ahead) => {
    script((_q, res) => json(res, 200, { runId: 'r-1' }));
    await client().invoke('welcome', { user_id: 'u1' }, { idempotencyExpiresAt: new Date(Date.now() + ahead) });
    expect(server.requests).toHaveLength(1);
  });
});

describe('raiseKeyExpiration (for expirations journeykit computes)', () => {
  const now = Date.UTC(2026, 11, 7);
  it.each([
    ['an hour ahead is raised to 24 h and a margin', now + HOUR, now + 24 * HOUR + 15 * 60_000],
    ['a week ahead is kept', now + 7 * 24 * HOUR, now + 7 * 24 * HOUR],
    ['two years ahead is held to a year', now + 2 * 365 * 24 * HOUR, now + 365 * 24 * HOUR],
  ])('%s', (_name, at, expected) => {
    expect(raiseKeyExpiration(at, now).getTime()).toBe(expected);
  });
});
