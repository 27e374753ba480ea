/**
 * How long the fake server keeps an idempotency key, on a clock the test moves (days in
 * milliseconds). Courier's rule (trycourier/docs `reference/idempotent-requests.mdx`): keys are kept
 * at least 24 hours; `x-idempotency-expiration` sets a key's expiry, "The minimum value that can be
 * set is 24 hours. The maximum value that can be set is 1 year." What Courier answers to a value
 * outside that range is not documented: the fake holds it to the range (README, "Where the fake
 * differs from Courier").
 */
import { describe, expect, it } from 'vitest';
import { startFakeCourier } from '../src/index.js';
import { post } from './support/http.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('key lifetime, on the server’s clock', () => {
  it.each([
    ['7 h (below Courier’s 24 h minimum)', '23 h', 'replayed', 7 * HOUR, 23 * HOUR],
    ['7 h (below Courier’s 24 h minimum)', '25 h', 'created', 7 * HOUR, 25 * HOUR],
    ['30 h', '29 h', 'replayed', 30 * HOUR, 29 * HOUR],
    ['30 h', '31 h', 'created', 30 * HOUR, 31 * HOUR],
    ['2 years (above Courier’s 1 year maximum)', '364 days', 'replayed', 730 * DAY, 364 * DAY],
    ['2 years (above Courier’s 1 year maximum)', '366 days', 'created', 730 * DAY, 366 * DAY],
    ['none (25 h by default)', '24.5 h', 'replayed', undefined, 24.5 * HOUR],
    ['none (25 h by default)', '26 h', 'created', undefined, 26 * HOUR],
  ])('x-idempotency-expiration %s, the same key %s later: %s', async (_name, _later, outcome, asked, moved) => {
    let now = Date.UTC(2026, 5, 1);
    await using server = await startFakeCourier({ clock: { now: () => now } });
    const headers: Record<string, string> = { 'idempotency-key': 'k' };
    if (asked !== undefined) headers['x-idempotency-expiration'] = new Date(now + asked).toISOString();
    await post(server.url, '/journeys/welcome/invoke', { user_id: 'u1' }, headers);
    now += moved;
    await post(server.url, '/journeys/welcome/invoke', { user_id: 'u1' }, headers);
    expect(server.requests.map((r) => r.outcome)).toEqual(['created', outcome]);
    expect(server.requests[1]!.at.getTime()).toBe(now); // the server's clock, not the wall clock
  });
});
