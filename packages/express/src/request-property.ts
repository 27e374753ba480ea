/**
 * Makes `req.journeys` agree with its type (always there): on a request the `journeys()`
 * middleware has not seen, reading it throws a `JourneysConfigurationError` that names the fix,
 * instead of `undefined` and a bare `TypeError` on `.invoke`. Defined once on Node's
 * `IncomingMessage.prototype`, which the requests of Express 4 and 5 both inherit from, as a
 * configurable accessor: the middleware's assignment defines an own property that shadows it.
 */
import { IncomingMessage } from 'node:http';
import { JourneysConfigurationError } from '@journeykit/core';

export const MISSING_MIDDLEWARE =
  'req.journeys is not set: the journeys() middleware of @journeykit/express is not mounted for this request. ' +
  'Add app.use(journeys({ ... })) before the routes that start journeys.';

/** The value the middleware set on this request, if any (never throws). */
export function ownJourneys(req: object): unknown {
  return Object.getOwnPropertyDescriptor(req, 'journeys')?.value;
}

if (!Object.hasOwn(IncomingMessage.prototype, 'journeys')) {
  Object.defineProperty(IncomingMessage.prototype, 'journeys', {
    configurable: true,
    enumerable: false,
    get(): never {
      throw new JourneysConfigurationError(MISSING_MIDDLEWARE);
    },
    set(this: IncomingMessage, value: unknown) {
      Object.defineProperty(this, 'journeys', { value, writable: true, configurable: true, enumerable: true });
    },
  });
}
