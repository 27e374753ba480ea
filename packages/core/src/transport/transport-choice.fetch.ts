/**
 * transport-choice.ts as the `workerd`, `deno`, `bun` and `edge-light` builds have it: fetch by
 * default, and no undici in the import graph (workerd and edge runtimes cannot load it; Bun and
 * Deno get their own fetch, which is what they are fast at).
 */
import type { Dispatcher } from 'undici';
import { JourneysConfigurationError } from '../errors/errors.js';
import type { Transport, TransportName } from './attempt.js';

/** The transport of a client whose options name none. */
export const DEFAULT_TRANSPORT: TransportName = 'fetch';

/** Whether this build can send with undici at all. */
export const UNDICI_IN_BUILD = false;

/** Never reached: the client's option check refuses `transport: 'undici'` and `dispatcher` first (UNDICI_IN_BUILD). */
export function undiciTransport(_origin: string, _connections: number, _dispatcher: Dispatcher | undefined): Transport {
  throw new JourneysConfigurationError('the undici transport is not in this build of @journeykit/core');
}
