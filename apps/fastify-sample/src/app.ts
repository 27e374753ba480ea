import type { JourneysClientOptions } from '@journeykit/core';
import { journeys } from '@journeykit/fastify';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { catalog } from './journeys.js';
import { routes } from './routes.js';
import { Store } from './store.js';

export interface CreateAppOptions {
  /** JourneysClient options for the client the plugin creates and closes with the app. */
  client: JourneysClientOptions;
  store?: Store;
  publicUrl?: string;
  log?: (line: string) => void;
}

/**
 * Builds the Fastify app. `app.close()` closes the client the plugin created, which lets the journeys
 * in flight (those started after a response too) finish first.
 */
export async function createApp(options: CreateAppOptions): Promise<FastifyInstance> {
  const log = options.log ?? (() => {});
  const store = options.store ?? new Store();
  const app = Fastify();
  // The user a request acts for (`x-user-id`: a stand-in for a session) fills in what a call leaves out.
  await app.register(journeys, {
    ...options.client,
    catalog,
    identify: (request) => {
      const id = request.headers['x-user-id'];
      const user = typeof id === 'string' ? store.findUser(id) : undefined;
      return user && { user_id: user.id, profile: { email: user.email } };
    },
    onError: (error, request) => log(`${request.method} ${request.url}: ${error.name}: ${error.message}`),
  });
  await app.register(routes, { store, publicUrl: options.publicUrl ?? 'http://localhost:3000', log });
  return app;
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
  client?: Omit<JourneysClientOptions, 'apiKey'>;
  log?: (line: string) => void;
}

/** A running sample app. */
export interface RunningApp {
  url: string;
  /** The embedded fake Courier server, when no API key was given. */
  fakeCourier: FakeCourierServer | undefined;
  /** Stops accepting requests, lets journeys in flight finish, then stops the fake server. */
  close(): Promise<void>;
}

const FAKE_COURIER_KEY = 'fake-courier-key';

/**
 * Boots the app on 127.0.0.1. With no API key (option or COURIER_API_KEY) it starts the embedded
 * fake Courier server from @journeykit/testkit and sends journeys there.
 *
 * @example
 * ```ts
 * const running = await start();
 * await fetch(`${running.url}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"ada@example.com"}' });
 * console.log(running.fakeCourier?.invocations);
 * await running.close();
 * ```
 */
export async function start(options: StartOptions = {}): Promise<RunningApp> {
  const apiKey = options.apiKey ?? (process.env.COURIER_API_KEY || undefined);
  // The fake builds each run's cancelation token by the catalog's rule, as Courier does from the journey's.
  const fakeCourier = apiKey === undefined ? await startFakeCourier({ apiKey: FAKE_COURIER_KEY, catalog }) : undefined;
  const client: JourneysClientOptions = fakeCourier
    ? { ...options.client, apiKey: FAKE_COURIER_KEY, baseUrl: fakeCourier.url }
    : { ...options.client, apiKey };
  let app: FastifyInstance | undefined;
  try {
    app = await createApp({ client, log: options.log });
    await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    await app?.close();
    await fakeCourier?.close();
    throw error;
  }
  const { address, port } = app.server.address() as { address: string; port: number };
  const host = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  const running = app;
  return {
    url: `http://${host}:${port}`,
    fakeCourier,
    close: () =>
      (closing ??= (async () => {
        await running.close();
        await fakeCourier?.close();
      })()),
  };
}
