/**
 * Which transport a client gets when its options name none, in the Node build: undici. The
 * `workerd`, `deno`, `bun` and `edge-light` builds swap this module for transport-choice.fetch.ts
 * (tsup.config.ts), so their import graph never reaches undici.
 */
import type { Dispatcher } from 'undici';
import type { Transport, TransportName } from './attempt.js';
import { createPool } from './pool.js';
import { UndiciTransport } from './transport.js';

/** The transport of a client whose options name none. */
export const DEFAULT_TRANSPORT: TransportName = 'undici';

/** Whether this build can send with undici at all. */
export const UNDICI_IN_BUILD = true;

/** The undici transport: over `dispatcher` when one is given (not closed with the client), else over a new pool. */
export function undiciTransport(origin: string, connections: number, dispatcher: Dispatcher | undefined): Transport {
  return dispatcher === undefined ? new UndiciTransport(createPool(origin, connections), true) : new UndiciTransport(dispatcher, false);
}
