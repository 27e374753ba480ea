import { STATUS_CODES } from 'node:http';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Answers with the body `journeysErrorHandler()` answers journeykit's errors with, so that every error
 * this app sends has one shape: `{ statusCode, error, message, code, issues? }`.
 */
export function answerError(
  c: Context,
  statusCode: ContentfulStatusCode,
  code: string,
  message: string,
  issues?: { path: PropertyKey[]; message: string }[],
): Response {
  return c.json({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, code, ...(issues === undefined ? {} : { issues }) }, statusCode);
}
