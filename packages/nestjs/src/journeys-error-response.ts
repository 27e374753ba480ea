import { STATUS_CODES } from 'node:http';
import { type JourneysError, type JourneysErrorCode, type ValidationIssue } from '@journeykit/core';
import { journeysHttpAnswer } from '@journeykit/core/internal';

/** The JSON body `JourneysExceptionFilter` answers with, shaped like Nest's own error bodies. */
export interface JourneysErrorBody {
  /** The HTTP status: 400, 404, 500, 502 or 503. */
  statusCode: number;
  /** The status text, e.g. `Bad Request`. */
  error: string;
  /** A fixed, public message per kind: never Courier's answer, a stack or the key. */
  message: string;
  /** The journeykit error code, e.g. `ERR_JOURNEYS_VALIDATION`. */
  code: JourneysErrorCode;
  /** Only for validation errors: every problem found, with the path of the offending field. */
  issues?: ValidationIssue[];
}

/**
 * Maps a journeys error to a Nest-shaped HTTP answer, with the statuses and public messages of
 * core's `journeysHttpAnswer` (shared with the Express adapter): 400 with the issues for bad
 * input, 404 for an unknown journey run, 502 when Courier answered with another error, 503 when it could not be reached in time or
 * the client is shutting down, 500 for a configuration error. Courier's own answer is for the
 * logs, never for clients.
 */
export function journeysErrorResponse(error: JourneysError): JourneysErrorBody {
  const { status, code, message, issues } = journeysHttpAnswer(error);
  const body: JourneysErrorBody = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, code };
  if (issues !== undefined) body.issues = issues;
  return body;
}
