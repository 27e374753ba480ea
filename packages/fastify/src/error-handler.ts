import { isJourneysError, type JourneysError } from '@journeykit/core';
import { checkErrorHandlerOptions, journeysErrorBody } from '@journeykit/core/internal';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A Fastify error handler, as `setErrorHandler` takes it. */
export type FastifyErrorHandler = (this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) => unknown;

/** Options of {@link journeysErrorHandler}. */
export interface JourneysErrorHandlerOptions {
  /** Sees each journeykit error before the answer is sent: log it here (the answer itself stays terse). */
  onError?: (error: JourneysError, request: FastifyRequest) => void;
  /** Answers every error that is not journeykit's: your own handler. Default: Fastify's own answer. */
  fallback?: FastifyErrorHandler;
}

/**
 * Fastify error handler that answers journeykit errors with the body every adapter uses (a
 * `JourneysValidationError` a 400 with its `issues`, Courier failures a 502 or 503, an unknown run a
 * 404; see `journeysErrorBody`) and gives any other error to `fallback`, or, without one, to
 * Fastify's own answer. The plugin sets it for you; an app with its own error handler sets this one
 * instead (Fastify warns when a second `setErrorHandler` replaces the first, and refuses with
 * `allowErrorHandlerOverride: false`), with its handler as `fallback` and the plugin's `errorHandler: false`.
 *
 * @example
 * ```ts
 * app.setErrorHandler(journeysErrorHandler({
 *   onError: (error, request) => request.log.warn({ err: error }, 'journey failed'),
 *   fallback: (error, request, reply) => reply.code(500).send({ message: 'Something went wrong' }),
 * }));
 * await app.register(journeys, { errorHandler: false });
 * ```
 */
export function journeysErrorHandler(options: JourneysErrorHandlerOptions = {}): FastifyErrorHandler {
  checkErrorHandlerOptions(options, ['onError', 'fallback']);
  const { onError, fallback } = options;
  return function journeysErrorHandler(error, request, reply) {
    if (!isJourneysError(error)) {
      if (fallback !== undefined) return fallback.call(this, error, request, reply);
      // Thrown from an error handler, an error goes to the handler above it: Fastify's own at the root.
      throw error;
    }
    onError?.(error, request);
    const body = journeysErrorBody(error);
    return reply.code(body.statusCode).send(body);
  };
}
