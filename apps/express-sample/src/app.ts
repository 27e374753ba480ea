import type { AddressInfo } from 'node:net';
import type { JourneysClientOptions } from '@journeykit/core';
import { journeys, journeysErrorHandler, type JourneysMiddlewareOptions } from '@journeykit/express';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { headerAuth } from './auth.js';
import { answerError } from './error-body.js';
import { catalog } from './journeys.js';
import { courierJourneys } from './courier-journeys.js';
import { routes } from './routes.js';
import { Store } from './store.js';

export interface CreateAppOptions {
  /** How journeys are started: a client, or JourneysClient options (see @journeykit/express). */
  journeys: JourneysMiddlewareOptions;
  store?: Store;
  publicUrl?: string;
  log?: (line: string) => void;
}

/** Builds the Express app; `close()` waits for journeys started after a response, then closes the client. */
export function createApp(options: CreateAppOptions): { app: Express; close(): Promise<void> } {
  const log = options.log ?? (() => {});
  const store = options.store ?? new Store();
  const app = express();
  app.use(express.json({ limit: '100kb' }));

  // One middleware, one client: identify() reads req.user, which headerAuth sets later on. The
  // catalog checks every call's data before it is sent (a bug becomes a 400, not a broken email).
  const journeysMiddleware = journeys({
    ...options.journeys,
    catalog,
    identify: (req) => (req.user ? { user_id: req.user.id, profile: { email: req.user.email, name: req.user.name } } : undefined),
    onAfterResponseError: (error, req) =>
      log(`journey after ${req.method} ${req.path} failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  app.use(journeysMiddleware);
  app.use(headerAuth(store));

  app.get('/health', (_req, res) => void res.json({ ok: true }));
  app.use(routes({ store, publicUrl: options.publicUrl ?? 'http://localhost:3000', log }));

  // Journey failures first (400 / 502 / 503 / 500), then everything else as a plain 500.
  app.use(journeysErrorHandler({ onError: (error, req) => log(`${req.method} ${req.path}: ${error.name}: ${error.message}`) }));
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // body-parser's errors (malformed JSON, too large) carry their own 4xx status.
      answerError(res, status, 'BAD_REQUEST', 'The request could not be read');
      return;
    }
    log(`${req.method} ${req.path}: ${error instanceof Error ? error.stack : String(error)}`);
    answerError(res, 500, 'INTERNAL', 'Something went wrong');
  });

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
 * Boots the app on 127.0.0.1. With no API key (option or COURIER_API_KEY) it starts the
 * embedded fake Courier server from @journeykit/testkit and sends journeys there.
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
  // The fake evaluates the catalog's cancelation token rules at invoke time, as Courier evaluates the journey's.
  // It serves courier/journeys.json, the journeys src/journeys.gen.ts was pulled from, and checks each
  // invoke's data against its trigger schema as Courier does (a mismatch: a run that ends in ERROR).
  const fakeCourier =
    apiKey === undefined ? await startFakeCourier({ apiKey: FAKE_COURIER_KEY, catalog, journeyDefinitions: courierJourneys() }) : undefined;
  const clientOptions: JourneysClientOptions = fakeCourier
    ? { ...options.client, apiKey: FAKE_COURIER_KEY, baseUrl: fakeCourier.url }
    : { ...options.client, apiKey };

  let app: ReturnType<typeof createApp>;
  try {
    app = createApp({ journeys: clientOptions, log: options.log });
  } catch (error) {
    await fakeCourier?.close();
    throw error;
  }
  const server = app.app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch(async (error: unknown) => {
    await app.close();
    await fakeCourier?.close();
    throw error;
  });
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
          server.closeIdleConnections();
        });
        await app.close();
        await fakeCourier?.close();
      })()),
  };
}
