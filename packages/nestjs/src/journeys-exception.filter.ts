import { JourneysError, journeysErrorSummary } from '@journeykit/core';
import { journeysErrorBody } from '@journeykit/core/internal';
import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * Answers HTTP requests that failed with a `JourneysError` with every adapter's `JourneysErrorBody`
 * (`{ statusCode, error, message, code, issues? }`: the shape of Nest's own exception bodies, plus
 * `code` and `issues`; see `journeysErrorBody`). `JourneysValidationError` becomes a 400 listing
 * every issue; an unknown journey run (`JourneysRunNotFoundError`) a 404; Courier
 * and network failures become 502 / 503, logged as `journeysErrorSummary` words them: the code,
 * Courier's status, error type and request id, never the text Courier answered (a server that echoes
 * the request would put its `profile` and `data` in the app's logs) and never the API key. Works on
 * the Express and Fastify platforms.
 * Errors raised outside HTTP handlers (microservices, GraphQL) are passed on unchanged.
 *
 * @example
 * ```ts
 * import { APP_FILTER } from '@nestjs/core';
 *
 * @Module({ providers: [{ provide: APP_FILTER, useClass: JourneysExceptionFilter }] })
 * export class AppModule {}
 * ```
 */
@Catch(JourneysError)
export class JourneysExceptionFilter implements ExceptionFilter<JourneysError> {
  readonly #logger = new Logger('JourneysExceptionFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Answers an HTTP request's journeykit error as JSON (see the class); other contexts get the error re-thrown. */
  catch(error: JourneysError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const body = journeysErrorBody(error);
    if (body.statusCode >= 500) this.#logger.error(`${error.code}: ${journeysErrorSummary(error).message}`);
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, body.statusCode);
  }
}
