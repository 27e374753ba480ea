import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { JourneysClientOptions } from '@journeykit/core';
import { journeys, journeysErrorHandler, type JourneysMiddlewareOptions } from '@journeykit/hono';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.js';
import { answerError } from './error-body.js';
import { catalog } from './journeys.js';
import { routes } from './routes.js';
import { Store } from './store.js';

export interface CreateAppOptions {
  /** How journeys are started: a client, or JourneysClient options (see @journeykit/hono). */
  journeys: JourneysMiddlewareOptions<AppEnv>;
  store?: Store;
  log?: (line: string) => void;
}

/** Builds the Hono app; `close()` closes the client the middleware created (Hono has no shutdown hook). */
export function createApp(options: CreateAppOptions): { app: Hono<AppEnv>; close(): Promise<void> } {
  const log = options.log ?? (() => {});
  const store = options.store ?? new Store();
  const app = new Hono<AppEnv>();

  // A deliberately simple sign-in: the x-user-id header names the user. A real app verifies a session here.
  app.use(async (c, next) => {
    const id = c.req.header('x-user-id');
    if (id !== undefined) c.set('user', store.findUser(id));
    await next();
  });
  // One middleware, one client. identify(c) reads c.var.user at each call; the catalog checks every
  // call's data before it is sent (a bug becomes a 400, not a broken email).
  const journeysMiddleware = journeys<AppEnv>({
    ...options.journeys,
    catalog,
    identify: (c) => (c.var.user ? { user_id: c.var.user.id, profile: { email: c.var.user.email, name: c.var.user.name } } : undefined),
  });
  app.use(journeysMiddleware);

  app.get('/health', (c) => c.json({ ok: true }));
  app.route('/', routes(store, log));

  // Journey failures (400 / 404 / 502 / 503 / 500) with the one body; anything else a plain 500 of the same shape.
  app.onError(
    journeysErrorHandler<AppEnv>({
      onError: (error, c) => log(`${c.req.method} ${c.req.path}: ${error.name}: ${error.message}`),
      fallback: (error, c) => {
        log(`${c.req.method} ${c.req.path}: ${error.stack ?? String(error)}`);
        return answerError(c, 500, 'INTERNAL', 'Something went wrong');
      },
    }),
  );
  return { app, close: () => journeysMiddleware.close() };
}

/** Options of {@link start}. */
export interface StartOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Courier API key. Default: COURIER_API_KEY; without one, the embedded fake Courier server is started. */
  apiKey?: string;
  /** Extra JourneysClient options (timeouts, retries); `apiKey` and `baseUrl` are chosen by `start`. */
  client?: Omit<JourneysClientOptions, 'apiKey' | 'catalog'>;
  log?: (line: string) => void;
}

/** A running sample app. */
export interface RunningApp {
  url: string;
  /** The embedded fake Courier server, when no API key was given. */
  fakeCourier: FakeCourierServer | undefined;
  /** Stops accepting requests, closes the client, then stops the fake server. */
  close(): Promise<void>;
}

const FAKE_COURIER_KEY = 'fake-courier-key';

/**
 * Serves the app with @hono/node-server on 127.0.0.1. With no API key (option or COURIER_API_KEY) it
 * starts the embedded fake Courier server from @journeykit/testkit and sends journeys there.
 *
 * @example
 * ```ts
 * const running = await start();
 * await fetch(`${running.url}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"ada@example.com","name":"Ada"}' });
 * console.log(running.fakeCourier?.invocations);
 * await running.close();
 * ```
 */
export async function start(options: StartOptions = {}): Promise<RunningApp> {
  const apiKey = options.apiKey ?? (process.env.COURIER_API_KEY || undefined);
  // The fake evaluates the catalog's cancelation token rule at invoke time, as Courier evaluates the journey's.
  const fakeCourier = apiKey === undefined ? await startFakeCourier({ apiKey: FAKE_COURIER_KEY, catalog }) : undefined;
  const clientOptions = fakeCourier ? { ...options.client, apiKey: FAKE_COURIER_KEY, baseUrl: fakeCourier.url } : { ...options.client, apiKey };

  let created: ReturnType<typeof createApp>;
  try {
    created = createApp({ journeys: clientOptions, log: options.log });
  } catch (error) {
    await fakeCourier?.close();
    throw error;
  }
  const server = serve({ fetch: created.app.fetch, port: options.port ?? 0, hostname: options.host ?? '127.0.0.1' });
  try {
    await once(server, 'listening');
  } catch (error) {
    await created.close();
    await fakeCourier?.close();
    throw error;
  }
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    fakeCourier,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        await created.close();
        await fakeCourier?.close();
      })()),
  };
}
