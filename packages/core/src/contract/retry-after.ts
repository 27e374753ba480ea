/**
 * Reads a `Retry-After` header. Only the two forms RFC 9110 lets a server send are understood;
 * anything else is ignored, so a confused proxy cannot make a client hammer or stall.
 */

/** Default cap on an honoured `Retry-After`: 60 s. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

// RFC 9110 section 10.2.3: Retry-After = HTTP-date / delay-seconds; delay-seconds = 1*DIGIT.
const DELAY_SECONDS = /^\d+$/;
// RFC 9110 section 5.6.7, the one date form a sender may generate: "Sun, 06 Nov 1994 08:49:37 GMT".
const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parseImfFixdate(value: string): number | undefined {
  const m = IMF_FIXDATE.exec(value);
  if (m === null) return undefined;
  const [, day, month, year, hour, minute, second] = m as unknown as [string, string, string, string, string, string, string];
  const at = Date.UTC(Number(year), MONTHS.indexOf(month), Number(day), Number(hour), Number(minute), Number(second));
  // Date.UTC rolls "31 Feb" over into March; a date that does not exist is not a date.
  const check = new Date(at);
  return check.getUTCDate() === Number(day) && check.getUTCHours() === Number(hour) && Number(second) < 60 ? at : undefined;
}

/**
 * Parses a `Retry-After` value into milliseconds from `now`, capped at `maxMs`. Only the two
 * forms RFC 9110 lets a server send are read: delay-seconds (`120`) and an IMF-fixdate
 * (`Sun, 06 Nov 1994 08:49:37 GMT`). Anything else (`soon 10`, `1.5`, `-1`, other date formats)
 * returns undefined, so the caller falls back to its backoff. A date in the past reads as 0.
 *
 * @example
 * ```ts
 * parseRetryAfter('3', 60_000); // 3000
 * parseRetryAfter('soon 10', 60_000); // undefined: not an RFC 9110 form
 * ```
 */
export function parseRetryAfter(value: string | undefined, maxMs: number, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (DELAY_SECONDS.test(trimmed)) {
    ms = Number(trimmed) * 1000;
  } else {
    const at = parseImfFixdate(trimmed);
    if (at === undefined) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), maxMs);
}
