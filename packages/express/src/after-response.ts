import {
  JourneysConfigurationError,
  isJourneysError,
  journeysErrorSummary,
  type InvokeOptions,
  type InvokeRequest,
  type InvokeResponse,
  type JourneyId,
  type JourneyRequest,
  type JourneysInvoker,
  type RegisteredCatalog,
} from '@journeykit/core';
import { thrownText, untypedOf } from '@journeykit/core/internal';
import type { NextFunction, Request, Response } from 'express';
import type { AfterResponseErrorReporter } from './options.js';
import { BoundJourneys, getJourneys, type RequestJourneys } from './request-journeys.js';

/** Options of {@link invokeAfterResponse}: the invoke options plus where the outcome is reported. */
export interface AfterResponseOptions extends InvokeOptions {
  /**
   * Called when the journey could not be started (validation, Courier, network, or your `build`
   * function). Default: the middleware's `onAfterResponseError`, else a process warning.
   */
  onError?: AfterResponseErrorReporter;
  /** Called with Courier's answer once the journey started, e.g. to log the `runId`. */
  onInvoked?: (response: InvokeResponse, req: Request) => void;
  /**
   * `true` starts the journey through `req.journeys.untyped`: for a template ID the catalog does not
   * declare. No compile-time or catalog check; the usual validation still applies.
   */
  untyped?: boolean;
}

/** Options that keep the call typed by the catalog. */
type Typed<O> = O & { untyped?: false };
/** Options of the escape hatch: any template ID, any request. */
type Untyped<O> = O & { untyped: true };

/**
 * What the implementations take: a typed request or an untyped one. Typed requests are checked by
 * the catalog at run time, so they are handed on as plain `InvokeRequest`s.
 */
type RequestOf = object;

/** What `build` returns: the request, or nothing to start no journey. */
type Built<R> = R | null | undefined | PromiseLike<R | null | undefined>;

/** Options of {@link afterResponse}: like {@link AfterResponseOptions}, with a per-request idempotency key. */
export interface AfterResponseRouteOptions extends Omit<AfterResponseOptions, 'idempotencyKey'> {
  /** Builds the idempotency key from the finished request, e.g. `` (req, res) => `order-${res.locals.order.id}-placed` ``. */
  idempotencyKey?: (req: Request, res: Response) => string | undefined;
}

type Task = () => Promise<InvokeResponse | undefined> | undefined;

function isSuccess(res: Response): boolean {
  return res.statusCode >= 200 && res.statusCode < 300;
}

function warn(what: string, error: unknown): void {
  // A journeys error's message holds Courier's answer, which may echo the request: the warning, printed
  // to the app's stderr, gets the summary instead.
  const message = isJourneysError(error) ? `${error.code}: ${journeysErrorSummary(error).message}` : thrownText(error, { withName: true });
  process.emitWarning(`journeykit: ${what}: ${message}`, { code: 'JOURNEYKIT_AFTER_RESPONSE_ERROR' });
}

/** Calls a user callback; its own failure becomes a warning, never an unhandled rejection. */
function safely<A extends unknown[]>(callback: (...args: A) => void, ...args: A): void {
  try {
    callback(...args);
  } catch (error) {
    warn('an after-response callback threw and was ignored', error);
  }
}

/**
 * Runs `task` once `res` has been sent with a 2xx status; never before, never for another status,
 * never twice. The outcome goes to the callbacks, so nothing here can reject unhandled or touch
 * the response.
 */
function runAfterSuccess(
  req: Request,
  res: Response,
  journeys: RequestJourneys,
  task: Task,
  options: Pick<AfterResponseOptions, 'onError' | 'onInvoked'>,
): void {
  const context = BoundJourneys.contextOf(journeys);
  const report = options.onError ?? context?.onAfterResponseError;

  async function run(): Promise<void> {
    if (!isSuccess(res)) return;
    try {
      const response = await task();
      if (response !== undefined && options.onInvoked !== undefined) safely(options.onInvoked, response, req);
    } catch (error) {
      if (report === undefined) warn('a journey started after the response failed', error);
      else safely(report, error, req);
    }
  }

  function track(work: Promise<void>): void {
    if (context === undefined) return;
    context.pending.add(work);
    void work.finally(() => context.pending.delete(work));
  }

  // A handler may call this after res.json(): 'finish' has then already been emitted.
  if (res.writableFinished) track(new Promise<void>((resolve) => setImmediate(resolve)).then(run));
  else res.once('finish', () => track(run()));
}

/** `req.journeys`, or its escape hatch. */
function invokerFor(journeys: RequestJourneys, untyped: boolean | undefined): JourneysInvoker {
  const invoker = journeys as JourneysInvoker;
  return untyped === true ? untypedOf(invoker) : invoker;
}

function responseOf(req: Request): Response {
  const res = (req as { res?: Response }).res;
  if (res === undefined) {
    throw new JourneysConfigurationError('invokeAfterResponse(req, ...) needs an Express request: req.res is missing');
  }
  return res;
}

/**
 * Starts a journey once this request's response has been sent with a 2xx status. It never
 * delays or changes the response; a 4xx/5xx (or an error) means no journey, and a failure to
 * start it goes to `onError` instead of becoming an unhandled rejection. Call it from a route
 * handler before responding: it throws at once if the `journeys()` middleware is missing, and
 * called first, that error fails the request instead of surfacing after the response went out.
 * Typed by the registered catalog, like `req.journeys`; `{ untyped: true }` starts a journey the
 * catalog does not declare.
 *
 * @example
 * ```ts
 * import { invokeAfterResponse } from '@journeykit/express';
 *
 * app.post('/orders', async (req, res) => {
 *   const order = await orders.place(req.body);
 *   invokeAfterResponse(req, 'order-placed', { data: { order_id: order.id } }, {
 *     idempotencyKey: `order-${order.id}-placed`,
 *     onError: (err) => logger.error({ err }, 'order-placed journey failed'),
 *   });
 *   res.status(201).json(order); // the journey starts once this has been sent
 * });
 * ```
 */
export function invokeAfterResponse<K extends JourneyId<RegisteredCatalog>>(
  req: Request,
  templateId: K,
  request: JourneyRequest<RegisteredCatalog, K>,
  options?: Typed<AfterResponseOptions>,
): void;
export function invokeAfterResponse(req: Request, templateId: string, request: InvokeRequest, options: Untyped<AfterResponseOptions>): void;
export function invokeAfterResponse(req: Request, templateId: string, request: RequestOf, options: AfterResponseOptions = {}): void {
  const journeys = getJourneys(req);
  const invoker = invokerFor(journeys, options.untyped);
  const { onError: _onError, onInvoked: _onInvoked, untyped: _untyped, ...invokeOptions } = options;
  runAfterSuccess(req, responseOf(req), journeys, () => invoker.invoke(templateId, request, invokeOptions), options);
}

/**
 * Route middleware form of {@link invokeAfterResponse}: mount it before the handler, and once the
 * response has been sent with a 2xx status, `build(req, res)` makes the request (from `req`, or
 * what the handler left in `res.locals`) and the journey starts. `build` may return `undefined`
 * to start nothing, and may be async. Typed by the registered catalog, like `req.journeys`;
 * `{ untyped: true }` starts a journey the catalog does not declare.
 *
 * @example
 * ```ts
 * import { afterResponse } from '@journeykit/express';
 *
 * app.post(
 *   '/signup',
 *   afterResponse('welcome', (req, res) => ({ user_id: res.locals.user.id, profile: { email: res.locals.user.email } })),
 *   async (req, res) => {
 *     res.locals.user = await users.create(req.body);
 *     res.status(201).json(res.locals.user);
 *   },
 * );
 * ```
 */
export function afterResponse<K extends JourneyId<RegisteredCatalog>>(
  templateId: K,
  build: (req: Request, res: Response) => Built<JourneyRequest<RegisteredCatalog, K>>,
  options?: Typed<AfterResponseRouteOptions>,
): (req: Request, res: Response, next: NextFunction) => void;
export function afterResponse(
  templateId: string,
  build: (req: Request, res: Response) => Built<InvokeRequest>,
  options: Untyped<AfterResponseRouteOptions>,
): (req: Request, res: Response, next: NextFunction) => void;
export function afterResponse(
  templateId: string,
  build: (req: Request, res: Response) => Built<RequestOf>,
  options: AfterResponseRouteOptions = {},
): (req: Request, res: Response, next: NextFunction) => void {
  if (typeof build !== 'function') {
    throw new JourneysConfigurationError('afterResponse(templateId, build) needs build to be a function (req, res) => request');
  }
  const { onError: _onError, onInvoked: _onInvoked, untyped, idempotencyKey, ...invokeOptions } = options;
  return function journeysAfterResponse(req, res, next) {
    let journeys: RequestJourneys;
    try {
      journeys = getJourneys(req);
    } catch (error) {
      next(error);
      return;
    }
    const invoker = invokerFor(journeys, untyped);
    runAfterSuccess(
      req,
      res,
      journeys,
      async () => {
        const request = await build(req, res);
        if (request === undefined || request === null) return undefined;
        const key = idempotencyKey?.(req, res);
        return invoker.invoke(templateId, request, key === undefined ? invokeOptions : { ...invokeOptions, idempotencyKey: key });
      },
      options,
    );
    next();
  };
}
