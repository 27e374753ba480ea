import { isJourneysError, type JourneysError } from '@journeykit/core';
import { checkErrorHandlerOptions, journeysErrorBody } from '@journeykit/core/internal';
import type { Context, Env, ErrorHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Options of {@link journeysErrorHandler}. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own default: an untyped app's context
export interface JourneysErrorHandlerOptions<E extends Env = any> {
  /** Sees the full error before the answer is sent: log it here (the answer itself stays terse). */
  onError?: (error: JourneysError, c: Context<E>) => void;
  /**
   * Answers every error that is not journeykit's: your own error handler. Default: what Hono
   * answers without one (an `HTTPException`'s own response, else a logged 500).
   */
  fallback?: ErrorHandler<E>;
}

// Hono's default error handler, which `app.onError` replaces: the answer for other errors when no fallback is given.
const honoDefault: ErrorHandler = (error, c) => {
  if ('getResponse' in error) {
    const response = error.getResponse();
    return c.newResponse(response.body, response);
  }
  console.error(error);
  return c.text('Internal Server Error', 500);
};

/**
 * Error handler for `app.onError`: a `JourneysValidationError` becomes a 400 with its `issues`,
 * Courier failures a 502 (Courier answered with an error) or 503 (timeout, connection, shutting
 * down), an unknown run a 404, a configuration error a 500. The body is every adapter's
 * `JourneysErrorBody`, `{ statusCode, error, message, code, issues? }` (see `journeysErrorBody`),
 * with a fixed message, so Courier's answer, stack traces and the API key never reach the client.
 * Any other error goes to `fallback` (default: Hono's own answer). Hono keeps one `onError` per
 * app, so this is it: give your own handler as `fallback`.
 *
 * @example
 * ```ts
 * app.onError(journeysErrorHandler({
 *   onError: (error, c) => console.warn(`${c.req.method} ${c.req.path}: ${error.message}`),
 *   fallback: (error, c) => c.json({ message: 'Something went wrong' }, 500),
 * }));
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own default: an untyped app's context
export function journeysErrorHandler<E extends Env = any>(options: JourneysErrorHandlerOptions<E> = {}): ErrorHandler<E> {
  checkErrorHandlerOptions(options, ['onError', 'fallback']);
  const fallback = options.fallback ?? (honoDefault as ErrorHandler<E>);
  return function journeysErrorHandler(error, c) {
    if (!isJourneysError(error)) return fallback(error, c);
    options.onError?.(error, c);
    const body = journeysErrorBody(error);
    return c.json(body, body.statusCode as ContentfulStatusCode);
  };
}
