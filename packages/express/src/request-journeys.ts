import {
  JourneysConfigurationError,
  isPlainObject,
  type InvokeOptions,
  type InvokeRequest,
  type InvokeResponse,
  type JourneysInvoker,
  type RequestIdentity,
  withIdentity,
} from '@journeykit/core';
import type { Request } from 'express';
import type { AfterResponseErrorReporter, Identify } from './options.js';

/**
 * `req.journeys`: a `JourneysInvoker` bound to one request. What `identify(req)` returns fills in
 * the user fields each call leaves out.
 */
// An interface (not an alias) so later versions and users can extend it by declaration merging.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RequestJourneys extends JourneysInvoker {}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Starts journeys for this request; set by `journeys()` from `@journeykit/express`. */
      journeys: RequestJourneys;
    }
  }
}

/** What one `journeys()` instance shares with the requests it serves. */
export interface JourneysContext {
  readonly client: JourneysInvoker;
  readonly identify: Identify | undefined;
  readonly onAfterResponseError: AfterResponseErrorReporter | undefined;
  /** Journeys started after a response and not settled yet; `close()` waits for them. */
  readonly pending: Set<Promise<void>>;
}

function checkIdentity(identity: unknown): RequestIdentity | undefined {
  if (identity === undefined || identity === null) return undefined;
  if (isPlainObject(identity)) return identity as RequestIdentity;
  throw new JourneysConfigurationError(
    `identify(req) must return { user_id?, profile?, data? } or undefined, got ${Array.isArray(identity) ? 'an array' : typeof identity}`,
  );
}

/** The per-request invoker. Private fields keep the client (and its key) out of `util.inspect(req)`. */
export class BoundJourneys implements RequestJourneys {
  readonly #context: JourneysContext;
  readonly #req: Request;

  constructor(context: JourneysContext, req: Request) {
    this.#context = context;
    this.#req = req;
  }

  /** The middleware context behind an invoker, when it is one of ours. */
  static contextOf(invoker: unknown): JourneysContext | undefined {
    return invoker instanceof BoundJourneys ? invoker.#context : undefined;
  }

  async invoke(templateId: string, request: InvokeRequest, options?: InvokeOptions): Promise<InvokeResponse> {
    const { client, identify } = this.#context;
    if (identify === undefined) return client.invoke(templateId, request, options);
    const identity = checkIdentity(await identify(this.#req));
    return client.invoke(templateId, withIdentity(request, identity), options);
  }
}

/**
 * Returns `req.journeys`, or throws a `JourneysConfigurationError` that says the `journeys()`
 * middleware is not mounted for this request. Use it where `req` is not typed by Express (or to
 * fail loudly instead of on `undefined.invoke`).
 *
 * @example
 * ```ts
 * import { getJourneys } from '@journeykit/express';
 *
 * router.post('/invites', async (req, res) => {
 *   const { runId } = await getJourneys(req).invoke('invite', { profile: { email: req.body.email } });
 *   res.status(202).json({ runId });
 * });
 * ```
 */
export function getJourneys(req: Request): RequestJourneys {
  const journeys = (req as { journeys?: unknown } | null | undefined)?.journeys;
  if (journeys !== null && typeof journeys === 'object' && typeof (journeys as JourneysInvoker).invoke === 'function') {
    return journeys as RequestJourneys;
  }
  throw new JourneysConfigurationError(
    'req.journeys is not set: the journeys() middleware of @journeykit/express is not mounted for this request. ' +
      'Add app.use(journeys({ ... })) before the routes that start journeys.',
  );
}
