/**
 * Each call's options: checked by one set of rules for every call (invoke, cancel, run reads),
 * and resolved against the client's defaults in one place.
 */
import { describeValue } from './describe-value.js';
import type { ValidationIssue } from './errors.js';
import { IssueList } from './issue-list.js';
import { DELAY_RULE, RETRIES_RULE, acceptsNumber, expectedNumber } from './option-rules.js';
import type { RetryDelay } from './retry-policy.js';

/** The options every call to Courier takes (`InvokeOptions` and `CancelOptions` add to these). */
export interface CallOptions {
  /** Sent as `Idempotency-Key` by a POST; the same on every retry. */
  idempotencyKey?: string;
  /** Sent as `X-Idempotency-Expiration`. */
  idempotencyExpiresAt?: Date;
  /** Aborts the attempt in flight and any backoff wait. */
  signal?: AbortSignal;
  /** Per-attempt limit in ms, from when the attempt is sent. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
}

/** What one call runs with: its options over the client's defaults. */
export interface CallSettings {
  signal: AbortSignal | undefined;
  timeoutMs: number;
  maxRetries: number;
  retryDelay: RetryDelay;
}

/** The client's defaults for {@link CallSettings}. */
export interface CallDefaults {
  timeoutMs: number;
  maxRetries: number;
  retryDelay: RetryDelay;
}

/** A call's settings: what its options say, else the client's defaults. */
export function resolveCallSettings(options: CallOptions | undefined, defaults: CallDefaults): CallSettings {
  return {
    signal: options?.signal,
    timeoutMs: options?.timeoutMs ?? defaults.timeoutMs,
    maxRetries: options?.maxRetries ?? defaults.maxRetries,
    retryDelay: defaults.retryDelay,
  };
}

/** A number is shown as it is (it is never a secret); anything else is described, never echoed. */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : describeValue(value);
}

// An HTTP header value: visible ASCII, inner spaces allowed, none around it.
const PRINTABLE_ASCII = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** Adds the problems of a call's options to `issues`, under `options.*`. */
export function optionIssues(options: CallOptions | undefined, issues: IssueList): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object') {
    issues.add(['options'], `must be an object, got ${describeValue(options)}`);
    return;
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
