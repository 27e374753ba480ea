import { JourneysValidationError, type JourneysError, type JourneysErrorCode, type ValidationIssue } from '@journeykit/core';

/** The JSON body `JourneysExceptionFilter` answers with, shaped like Nest's own error bodies. */
export interface JourneysErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: JourneysErrorCode;
  /** Only for validation errors: every problem found, with the path of the offending field. */
  issues?: ValidationIssue[];
}

const STATUS: Record<JourneysErrorCode, readonly [number, string]> = {
  ERR_JOURNEYS_VALIDATION: [400, 'Bad Request'],
  ERR_JOURNEYS_API: [502, 'Bad Gateway'],
  ERR_JOURNEYS_CONNECTION: [502, 'Bad Gateway'],
  ERR_JOURNEYS_TIMEOUT: [504, 'Gateway Timeout'],
  ERR_JOURNEYS_ABORT: [503, 'Service Unavailable'],
  ERR_JOURNEYS_CLOSED: [503, 'Service Unavailable'],
  ERR_JOURNEYS_CONFIG: [500, 'Internal Server Error'],
};

/**
 * Maps a journeys error to an HTTP answer. Bad input is the caller's fault (400, with the
 * issues); anything else is a fault between this server and Courier, so the caller gets a
 * 5xx without Courier's answer, which is for the logs, not for clients.
 */
export function journeysErrorResponse(error: JourneysError): JourneysErrorBody {
  const [statusCode, reason] = STATUS[error.code] ?? [500, 'Internal Server Error'];
  if (error instanceof JourneysValidationError) {
    return {
      statusCode,
      error: reason,
      message: (error.message.split('\n', 1)[0] ?? 'Invalid journey invocation').replace(/:$/, ''),
      code: error.code,
      issues: error.issues.map(({ path, message }) => ({ path: [...path], message })),
    };
  }
  return { statusCode, error: reason, message: 'The journey could not be started', code: error.code };
}
