import { isJourneysError, type JourneysError, type JourneysErrorCode, type ValidationIssue } from '@journeykit/core';
import type { NextFunction, Request, Response } from 'express';

/** The JSON body {@link journeysErrorHandler} answers with. */
export interface JourneysErrorBody {
  error: {
    /** The journeykit error code, e.g. `ERR_JOURNEYS_VALIDATION`. */
    code: JourneysErrorCode;
    /** A fixed, public message: never Courier's answer, a stack or the key. */
    message: string;
    /** For a 400: every problem found, with the path of the field. */
    issues?: ValidationIssue[];
  };
}

/** Options of {@link journeysErrorHandler}. */
export interface JourneysErrorHandlerOptions {
  /** Sees the full error before the answer is sent: log it here (the answer itself stays terse). */
  onError?: (error: JourneysError, req: Request) => void;
}

// Bad input is the client's fault (400); Courier failing is an upstream fault (502 when it
// answered with an error, 503 when it could not be reached or we are shutting down). A
// configuration error (missing key, middleware not mounted) is a bug in this server: 500.
const ANSWERS: Record<JourneysErrorCode, { status: number; message: string }> = {
  ERR_JOURNEYS_VALIDATION: { status: 400, message: 'The request cannot start this journey: it is invalid' },
  ERR_JOURNEYS_API: { status: 502, message: 'The notification service answered with an error' },
  ERR_JOURNEYS_TIMEOUT: { status: 503, message: 'The notification service did not answer in time' },
  ERR_JOURNEYS_CONNECTION: { status: 503, message: 'The notification service could not be reached' },
  ERR_JOURNEYS_ABORT: { status: 503, message: 'The journey request was cancelled' },
  ERR_JOURNEYS_CLOSED: { status: 503, message: 'The notification service client is shutting down' },
  ERR_JOURNEYS_CONFIG: { status: 500, message: 'Notifications are not configured correctly on this server' },
};

/**
 * Express error handler for journeykit errors: a `JourneysValidationError` becomes a 400 with its
 * `issues`, Courier failures a 502 (Courier answered with an error) or 503 (timeout, connection,
 * shutting down), a configuration error a 500. The body is `{ error: { code, message, issues? } }`
 * with a fixed message, so Courier's answer, stack traces and the API key never reach the client.
 * Any other error goes to the next error handler. Mount it after your routes.
 *
 * @example
 * ```ts
 * import { journeys, journeysErrorHandler } from '@journeykit/express';
 *
 * app.use(journeys());
 * app.post('/signup', async (req, res) => res.json(await req.journeys.invoke('welcome', { user_id: req.body.id })));
 * app.use(journeysErrorHandler({ onError: (err, req) => logger.warn({ err, path: req.path }, 'journey failed') }));
 * ```
 */
export function journeysErrorHandler(
  options: JourneysErrorHandlerOptions = {},
): (error: unknown, req: Request, res: Response, next: NextFunction) => void {
  // Four parameters: that is how Express tells an error handler from a middleware.
  return function journeysErrorHandler(error, req, res, next) {
    if (!isJourneysError(error) || res.headersSent) {
      next(error);
      return;
    }
    options.onError?.(error, req);
    const answer = ANSWERS[error.code] ?? ANSWERS.ERR_JOURNEYS_API;
    const body: JourneysErrorBody = { error: { code: error.code, message: answer.message } };
    if (error.code === 'ERR_JOURNEYS_VALIDATION') {
      const issues = (error as { issues?: ValidationIssue[] }).issues ?? [];
      body.error.issues = issues.map(({ path, message }) => ({ path, message }));
    }
    res.status(answer.status).json(body);
  };
}
