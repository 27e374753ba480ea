/**
 * Each call's options: checked by one set of rules for every call (invoke, cancel, run reads),
 * and resolved against the client's defaults in one place.
 */
import { describeValue } from '../shared/describe-value.js';
import type { ValidationIssue } from '../errors/errors.js';
import { IssueList } from '../errors/issue-list.js';
import { DELAY_RULE, RETRIES_RULE, acceptsNumber, expectedNumber } from './option-rules.js';
import type { RetryDelay } from '../transport/retry-policy.js';
import type { InvokeOptions } from '../contract/types.js';
import { closestName } from './option-names.js';

/**
 * The options a call to Courier may carry, checked by one set of rules: an invoke's, the widest
 * (cancel and run reads take a subset). Declared once, as the public `InvokeOptions`.
 */
export type CallOptions = InvokeOptions;

/**
 * Starts every key journeykit makes up, so a server log tells a key journeykit generated from one
 * the caller chose (stripe-node sends `stripe-node-retry-<uuid>` for the same reason).
 */
export const GENERATED_KEY_PREFIX = 'journeykit-';

/**
 * A fresh `Idempotency-Key` for a call that was given none: `journeykit-` and a UUID v4, 47
 * printable ASCII characters (the rule above allows 255).
 *
 * @example
 * ```ts
 * generateIdempotencyKey(); // 'journeykit-3b241101-e2bb-4255-8caf-4136c566a962'
 * ```
 */
export function generateIdempotencyKey(): string {
  // The Web Crypto global, not node:crypto: Next's edge runtime serves no node:crypto (Node 20+, Bun,
  // Deno and workerd all have this one, and on Node it is the same generator).
  return GENERATED_KEY_PREFIX + crypto.randomUUID();
}

/** Courier's shortest `X-Idempotency-Expiration` (trycourier/docs idempotent-requests.mdx): 24 hours from now. */
export const MIN_KEY_EXPIRATION_MS = 24 * 3_600_000;
/** Courier's longest `X-Idempotency-Expiration`: 1 year (365 days) from now. */
export const MAX_KEY_EXPIRATION_MS = 365 * 24 * 3_600_000;
// Room for the time between computing an expiration and validating it (a queue, a rate limit).
const COMPUTED_MARGIN_MS = 15 * 60_000;

/**
 * An expiration journeykit computes (the outbox's, the command line's), raised to Courier's 24 h
 * minimum with a margin, and held to its year, so core's range check never refuses it.
 *
 * @example
 * ```ts
 * raiseKeyExpiration(Date.now() + 3_600_000); // 24 h 15 min from now
 * ```
 */
export function raiseKeyExpiration(at: Date | number, now: number = Date.now()): Date {
  const ms = typeof at === 'number' ? at : at.getTime();
  return new Date(Math.min(Math.max(ms, now + MIN_KEY_EXPIRATION_MS + COMPUTED_MARGIN_MS), now + MAX_KEY_EXPIRATION_MS));
}

/** What one call runs with: its options over the client's defaults. */
export interface CallSettings {
  signal: AbortSignal | undefined;
  timeoutMs: number;
  maxRetries: number;
  retryDelayMs: RetryDelay;
}

/** The client's defaults for {@link CallSettings}. */
export interface CallDefaults {
  timeoutMs: number;
  maxRetries: number;
  retryDelayMs: RetryDelay;
}

/** A call's settings: what its options say, else the client's defaults. */
export function resolveCallSettings(options: CallOptions | undefined, defaults: CallDefaults): CallSettings {
  return {
    signal: options?.signal,
    timeoutMs: options?.timeoutMs ?? defaults.timeoutMs,
    maxRetries: options?.maxRetries ?? defaults.maxRetries,
    retryDelayMs: defaults.retryDelayMs,
  };
}

/** A number is shown as it is (it is never a secret); anything else is described, never echoed. */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : describeValue(value);
}

// An HTTP header value: visible ASCII, inner spaces allowed, none around it.
const PRINTABLE_ASCII = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** Every option a call takes (an invoke's; cancel and run reads use a subset). */
const CALL_OPTION_NAMES = [
  'idempotencyKey',
  'idempotencyExpiresAt',
  'timeoutMs',
  'maxRetries',
  'signal',
] as const satisfies readonly (keyof CallOptions)[];

/** Adds the problems of a call's options to `issues`, under `options.*`. */
export function optionIssues(options: CallOptions | undefined, issues: IssueList): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object') {
    issues.add(['options'], `must be an object, got ${describeValue(options)}`);
    return;
  }
  // A misspelt option would otherwise be dropped in silence: `idempotencykey` would send a generated
  // key, and a retried user operation would start a second run.
  for (const name in options) {
    if (!CALL_OPTION_NAMES.includes(name as (typeof CALL_OPTION_NAMES)[number])) {
      const meant = closestName(name, CALL_OPTION_NAMES);
      issues.add(
        ['options', name],
        `unknown option${meant === undefined ? '' : ` (did you mean ${meant}?)`}; known options are ${CALL_OPTION_NAMES.join(', ')}`,
      );
    }
  }
  const { idempotencyKey, idempotencyExpiresAt, timeoutMs, maxRetries, signal } = options;
  if (idempotencyKey !== undefined) {
    if (typeof idempotencyKey !== 'string') {
      issues.add(['options', 'idempotencyKey'], `must be a string of 1-255 printable ASCII characters, got ${describeValue(idempotencyKey)}`);
    } else if (!PRINTABLE_ASCII.test(idempotencyKey) || idempotencyKey.length > 255) {
      issues.add(['options', 'idempotencyKey'], 'must be 1-255 printable ASCII characters with no control characters and no surrounding spaces');
    }
  }
  if (idempotencyExpiresAt !== undefined && !(idempotencyExpiresAt instanceof Date && Number.isFinite(idempotencyExpiresAt.getTime()))) {
    const got = idempotencyExpiresAt instanceof Date ? 'an invalid Date' : describeValue(idempotencyExpiresAt);
    issues.add(['options', 'idempotencyExpiresAt'], `must be a valid Date, got ${got}`);
  } else if (idempotencyExpiresAt !== undefined) {
    const ahead = idempotencyExpiresAt.getTime() - Date.now();
    if (ahead < MIN_KEY_EXPIRATION_MS || ahead > MAX_KEY_EXPIRATION_MS) {
      issues.add(
        ['options', 'idempotencyExpiresAt'],
        `must be between 24 hours and 1 year from now (Courier's range), got ${idempotencyExpiresAt.toISOString()}`,
      );
    }
  }
  if (timeoutMs !== undefined && !acceptsNumber(timeoutMs, DELAY_RULE)) {
    issues.add(['options', 'timeoutMs'], `must be ${expectedNumber(DELAY_RULE)} (milliseconds), got ${shown(timeoutMs)}`);
  }
  if (maxRetries !== undefined && !acceptsNumber(maxRetries, RETRIES_RULE)) {
    issues.add(['options', 'maxRetries'], `must be ${expectedNumber(RETRIES_RULE)}, got ${shown(maxRetries)}`);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    issues.add(['options', 'signal'], `must be an AbortSignal, got ${describeValue(signal)}`);
  }
}

/**
 * Checks the per-call options that reach the wire. Returns the problems; an empty array means fine.
 *
 * @example
 * ```ts
 * collectOptionIssues({ timeoutMs: -1 }); // [{ path: ['options', 'timeoutMs'], message: 'must be a positive number ...' }]
 * ```
 */
export function collectOptionIssues(options: CallOptions | undefined, issues: ValidationIssue[] = []): ValidationIssue[] {
  const list = new IssueList();
  optionIssues(options, list);
  issues.push(...list.listed);
  return issues;
}
