/**
 * `--idempotency-expiration`: Courier forgets an idempotency key after about 24 hours, so a re-run
 * the next day would start every line again. Courier accepts `X-Idempotency-Expiration` (up to a
 * year) to keep keys longer; each item passes it to core as `idempotencyExpiresAt`.
 */
import { MAX_KEY_EXPIRATION_MS, MIN_KEY_EXPIRATION_MS } from '@journeykit/core/internal';
import { UsageError } from './usage-error.js';

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86_400 };

/**
 * The expiration as Unix seconds: a duration from now (`36h`, `7d`, `90m`) or a date (`2027-01-31`,
 * any ISO 8601). Between 24 hours and 1 year from `now`, Courier's range.
 */
export function parseExpirationFlag(value: string, now: number = Date.now()): number {
  const trimmed = value.trim();
  const duration = /^(\d+)\s*([mhd])$/i.exec(trimmed);
  let at: number;
  if (duration !== null) {
    at = Math.ceil(now / 1000) + Number(duration[1]) * (UNIT_SECONDS[(duration[2] as string).toLowerCase()] as number);
  } else {
    const ms = /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
    if (Number.isNaN(ms)) {
      throw new UsageError(`--idempotency-expiration must be a duration like 36h or 7d, or an ISO 8601 date, got "${value}"`);
    }
    at = Math.floor(ms / 1000);
  }
  const ahead = at * 1000 - now;
  if (ahead < MIN_KEY_EXPIRATION_MS || ahead > MAX_KEY_EXPIRATION_MS) {
    throw new UsageError(`--idempotency-expiration must be between 24 hours and 1 year from now (Courier's range), got "${value}"`);
  }
  return at;
}
