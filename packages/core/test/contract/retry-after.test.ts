import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/internal.js';

describe('Retry-After', () => {
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
});
