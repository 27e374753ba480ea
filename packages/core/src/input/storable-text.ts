import type { ValidationIssue } from '../errors/errors.js';

/*
 * JSON carries every string, but PostgreSQL's jsonb does not: a NUL character is refused
 * (SQLSTATE 22P05) and so is a lone UTF-16 surrogate (22P02). `invoke()` may send them (Courier
 * decides), but an enqueuer that stores the request in PostgreSQL would fail inside the caller's
 * transaction and abort it; so enqueue refuses them first, with the field's path.
 */

// JSON.stringify writes a NUL as \u0000 and a lone surrogate as \udXXX; paired surrogates go out as
// the characters themselves. One scan of the body rules both out for nearly every request.
const SUSPECT_ESCAPE = /\\u(?:0000|d[89a-f])/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const NUL_MESSAGE = 'contains a NUL character (\\u0000), which PostgreSQL cannot store: remove it';
const SURROGATE_MESSAGE =
  'contains a lone UTF-16 surrogate (half of a character such as an emoji, e.g. from cutting a string in the middle), which PostgreSQL cannot store: fix how the text was cut or decoded';

function problemOf(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(text)) return SURROGATE_MESSAGE;
  return undefined;
}

function walk(value: unknown, path: (string | number)[], issues: ValidationIssue[]): void {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    if (problem !== undefined) issues.push({ path: [...path], message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, [...path, i], issues));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = problemOf(key);
      if (problem !== undefined) issues.push({ path: [...path], message: `the key ${JSON.stringify(key)} ${problem}` });
      walk(item, [...path, key], issues);
    }
  }
}

/**
 * The parts of a request that PostgreSQL cannot store, one issue each; `body` is the request's
 * JSON as sent and `request` the same JSON parsed back.
 *
 * @example
 * ```ts
 * unstorableTextIssues('{"data":{"note":"a\\u0000b"}}', { data: { note: 'a\u0000b' } });
 * // [{ path: ['data', 'note'], message: 'contains a NUL character (\\u0000), which PostgreSQL cannot store: remove it' }]
 * ```
 */
export function unstorableTextIssues(body: string, request: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (SUSPECT_ESCAPE.test(body)) walk(request, [], issues);
  return issues;
}
