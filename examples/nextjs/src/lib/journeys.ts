import { JourneysClient } from '@journeykit/core';

let client: JourneysClient | undefined;

/**
 * The app's one client, kept in module scope: every request this server instance handles shares it
 * (on the Node runtime, its undici connection pool; on the edge, the runtime's `fetch`). Made on first
 * use, not at import: `next build` imports route modules, and the constructor refuses a missing
 * COURIER_API_KEY, which the build machine need not have.
 */
export function journeys(): JourneysClient {
  client ??= new JourneysClient(); // COURIER_API_KEY (and COURIER_BASE_URL) from the environment
  return client;
}
