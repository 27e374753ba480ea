import { describe, expect, it } from 'vitest';
import { defaultRetryDelay, isRetryableStatus, parseRetryAfter } from '../src/index.js';
import { statusRetryDelay } from '../src/retry-policy.js';

describe('retry policy', () => {
  it.each([
    [408, true], [409, true], [429, true], [500, true], [502, true], [503, true], [599, true],
    [400, false], [401, false], [403, false], [404, false], [422, false], [200, false],
  ])('status %i retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });

  it.each([
    [1, 125, 250],
    [2, 250, 500],
    [3, 500, 1000],
    [10, 4000, 8000],
  ])('backoff for retry %i lies in [%i, %i] ms', (attempt, min, max) => {
    for (let i = 0; i < 200; i++) {
      const d = defaultRetryDelay(attempt);
      expect(d).toBeGreaterThanOrEqual(min);
      expect(d).toBeLessThanOrEqual(max);
    }
  });

  const now = Date.parse('2026-11-27T12:00:00Z');
  it.each([
    ['3', 60_000, 3000],
    ['0', 60_000, 0],
    [' 2 ', 60_000, 2000],
    ['120', 60_000, 60_000],
    ['Fri, 27 Nov 2026 12:00:05 GMT', 60_000, 5000],
    ['Fri, 27 Nov 2026 11:00:00 GMT', 60_000, 0],
    ['Fri, 27 Nov 2026 13:00:00 GMT', 10_000, 10_000],
    ['soon', 60_000, undefined],
    // Only RFC 9110's delay-seconds and IMF-fixdate; Date.parse reads these as dates, some in 2001.
    ['soon 10', 60_000, undefined],
    ['10 soon', 60_000, undefined],
    ['1.5', 60_000, undefined],
    ['+3', 60_000, undefined],
    ['0x10', 60_000, undefined],
    ['2026-11-27T12:00:05Z', 60_000, undefined],
    ['Friday, 27-Nov-26 12:00:05 GMT', 60_000, undefined],
    ['Fri Nov 27 12:00:05 2026', 60_000, undefined],
    ['Fri, 27 Nov 2026 12:00:05 UTC', 60_000, undefined],
    ['Fri, 31 Nov 2026 12:00:05 GMT', 60_000, undefined],
    ['Fri, 27 Nov 2026 24:00:05 GMT', 60_000, undefined],
    ['-1', 60_000, undefined],
    ['', 60_000, undefined],
    [undefined, 60_000, undefined],
  ] as [string | undefined, number, number | undefined][])('Retry-After %j (cap %i) -> %s ms', (value, cap, expected) => {
    expect(parseRetryAfter(value, cap, now)).toBe(expected);
  });

  it.each([
    [undefined, 250, 250],
    [0, 250, 250],
    [100, 250, 250],
    [3000, 250, 3000],
  ])('Retry-After %s ms with a backoff of %i ms waits %i ms (never sooner than the backoff)', (retryAfter, backoff, expected) => {
    expect(statusRetryDelay(retryAfter, backoff)).toBe(expected);
  });
});
