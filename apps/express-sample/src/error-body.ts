import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';

/**
 * Answers with the body `journeysErrorHandler()` answers journeykit's errors with, so that every error
 * this app sends has one shape: `{ statusCode, error, message, code, issues? }`.
 */
export function answerError(
  res: Response,
  statusCode: number,
  code: string,
  message: string,
  issues?: { path: PropertyKey[]; message: string }[],
): void {
  res.status(statusCode).json({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, code, ...(issues === undefined ? {} : { issues }) });
}
