/**
 * How long Courier must remember an invocation's idempotency key, and so how long a dead letter
 * can be replayed without starting a second run. Courier keeps a key from the request that first
 * used it until its `X-Idempotency-Expiration` (24 h at least, a year at most; trycourier/docs
 * `reference/idempotent-requests.mdx`), and a later request with the same key cannot move that.
 * So the expiry is fixed when the invocation is stored, long enough for the whole retry horizon
 * plus a window for replays; an attempt late in it raises the header to Courier's minimum (which
 * changes nothing for a key Courier holds), and a job whose key never went out before the expiry
 * gets a new one counted from its first pickup.
 */
import { MAX_KEY_EXPIRATION_MS, MIN_KEY_EXPIRATION_MS } from '@journeykit/core/internal';
import { KEY_EXPIRY_MARGIN_MS } from './retry-schedule.js';

/** Courier's shortest key lifetime. */
const MIN_KEY_LIFETIME_MS = MIN_KEY_EXPIRATION_MS;
/** Courier's longest key lifetime. */
export const MAX_KEY_LIFETIME_MS = MAX_KEY_EXPIRATION_MS;

/**
 * The default {@link JourneysOutboxOptions.replayWindowMs}: 30 days after the retry horizon, a
 * month for someone to look at a dead letter (a holiday, a slow incident review), far inside
 * Courier's year.
 */
export const DEFAULT_REPLAY_WINDOW_MS = 30 * 86_400_000;

/** The longest replay window a horizon leaves inside Courier's year (with the margin for a late last attempt). */
export function maxReplayWindowMs(horizonMs: number): number {
  return MAX_KEY_LIFETIME_MS - horizonMs - KEY_EXPIRY_MARGIN_MS;
}

/** How long after an invocation is due its key must live: the horizon, the replay window and a margin, within Courier's range. */
export function keyLifetimeMs(horizonMs: number, replayWindowMs: number): number {
  const wanted = horizonMs + replayWindowMs + KEY_EXPIRY_MARGIN_MS;
  return Math.min(MAX_KEY_LIFETIME_MS, Math.max(MIN_KEY_LIFETIME_MS, wanted));
}

/** Until when an attempt (a delivery, a replay keeping the key) may still send the key: past it, Courier may have forgotten it. */
export function keyUsableUntil(keyExpiresAt: number): number {
  return keyExpiresAt - KEY_EXPIRY_MARGIN_MS;
}
