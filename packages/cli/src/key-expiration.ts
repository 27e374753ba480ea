/**
 * `--idempotency-expiration`: Courier forgets an idempotency key after about 24 hours, so a re-run
 * the next day would start every line again. Courier accepts `X-Idempotency-Expiration` (Unix
 * seconds or ISO 8601, up to a year) to keep keys longer; the core client has no per-call option
 * for it, so the command adds the header with an undici interceptor on its own dispatcher.
 */
import { Agent, type Dispatcher } from 'undici';
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

function withHeader(headers: Dispatcher.DispatchOptions['headers'], name: string, value: string): Dispatcher.DispatchOptions['headers'] {
  if (Array.isArray(headers)) return [...headers, name, value];
  if (headers === null || headers === undefined) return [name, value];
  return { ...(headers as Record<string, string>), [name]: value };
}

/** An undici Agent whose every request carries `X-Idempotency-Expiration: <unixSeconds>`. */
export function expiringKeysDispatcher(unixSeconds: number, connections: number): { dispatcher: Dispatcher; close(): Promise<void> } {
  const agent = new Agent({ connections });
  const value = String(unixSeconds);
  const dispatcher = agent.compose(
    (dispatch) => (options, handler) => dispatch({ ...options, headers: withHeader(options.headers, 'x-idempotency-expiration', value) }, handler),
  );
  return { dispatcher, close: () => agent.close() };
}
