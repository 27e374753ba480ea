/**
 * `--idempotency-expiration`: Courier forgets an idempotency key after about 24 hours, so a re-run
 * the next day would start every line again. Courier accepts `X-Idempotency-Expiration` (up to a
 * year) to keep keys longer; each item passes it to core as `idempotencyExpiresAt`.
 */
import { UsageError } from './usage-error.js';

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86_400 };
const MAX_SECONDS = 365 * 86_400;

/**
 * The expiration as Unix seconds: a duration from now (`36h`, `7d`, `90m`) or a date (`2027-01-31`,
 * any ISO 8601). Between one hour and one year from `now`.
 */
export function parseKeyExpiration(value: string, now: number = Date.now()): number {
  const trimmed = value.trim();
  const duration = /^(\d+)\s*([mhd])$/i.exec(trimmed);
  let at: number;
  if (duration !== null) {
    at = Math.floor(now / 1000) + Number(duration[1]) * (UNIT_SECONDS[(duration[2] as string).toLowerCase()] as number);
  } else {
    const ms = /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
    if (Number.isNaN(ms)) {
      throw new UsageError(`--idempotency-expiration must be a duration like 36h or 7d, or an ISO 8601 date, got "${value}"`);
    }
    at = Math.floor(ms / 1000);
  }
  const ahead = at - Math.floor(now / 1000);
  if (ahead < 3600 || ahead > MAX_SECONDS) {
    throw new UsageError(`--idempotency-expiration must be between 1 hour and 1 year from now (Courier's limit), got "${value}"`);
  }
  return at;
}
