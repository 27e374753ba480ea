/**
 * The rules for numeric options, shared by the client's options (a configuration error) and each
 * call's options (a validation issue), so `timeoutMs` means the same in both places.
 */
import { MAX_TIMER_MS } from '../shared/abort-listeners.js';

/** What a numeric option accepts. */
export interface NumberRule {
  /** Whole numbers only. */
  integer?: boolean;
  /** 0 is allowed (otherwise the number must be positive). */
  zero?: boolean;
  /** Largest value allowed. Default `Number.MAX_SAFE_INTEGER`. */
  max?: number;
}

/** `timeoutMs` and `queueTimeoutMs`: a timer's delay. */
export const DELAY_RULE: NumberRule = { max: MAX_TIMER_MS };
/** `maxRetries`. */
export const RETRIES_RULE: NumberRule = { integer: true, zero: true };

/** Whether `value` satisfies `rule`. */
export function acceptsNumber(value: unknown, rule: NumberRule): value is number {
  return (
    typeof value === 'number' &&
    (rule.zero ? value >= 0 : value > 0) &&
    value <= (rule.max ?? Number.MAX_SAFE_INTEGER) &&
    (!rule.integer || Number.isInteger(value))
  );
}

/** What the rule asks for, in words: "a positive whole number", "a number >= 0 up to 2147483647". */
export function expectedNumber(rule: NumberRule): string {
  const max = rule.max ?? Number.MAX_SAFE_INTEGER;
  return (
    `a ${rule.zero ? '' : 'positive '}${rule.integer ? 'whole ' : ''}number${rule.zero ? ' >= 0' : ''}` +
    (max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : '')
  );
}
