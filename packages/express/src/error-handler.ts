import { isJourneysError, type JourneysError } from '@journeykit/core';
import { checkErrorHandlerOptions, journeysErrorBody } from '@journeykit/core/internal';
import type { NextFunction, Request, Response } from 'express';

/** Options of {@link journeysErrorHandler}. */
export interface JourneysErrorHandlerOptions {
  /** Sees the full error before the answer is sent: log it here (the answer itself stays terse). */
  onError?: (error: JourneysError, req: Request) => void;
}

/**
 * Express error handler for journeykit errors: a `JourneysValidationError` becomes a 400 with its
 * `issues`, Courier failures a 502 (Courier answered with an error) or 503 (timeout, connection,
 * shutting down), a configuration error a 500. The body is every adapter's `JourneysErrorBody`,
 * `{ statusCode, error, message, code, issues? }` (see `journeysErrorBody`), with a fixed message, so
 * Courier's answer, stack traces and the API key never reach the client.
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
  checkErrorHandlerOptions(options, ['onError']);
  // Four parameters: that is how Express tells an error handler from a middleware.
  return function journeysErrorHandler(error, req, res, next) {
    if (!isJourneysError(error) || res.headersSent) {
      next(error);
      return;
    }
    options.onError?.(error, req);
    const body = journeysErrorBody(error);
    res.status(body.statusCode).json(body);
  };
}
