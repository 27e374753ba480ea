import 'reflect-metadata';
import { defaults } from '@journeykit/core';
import { startFakeCourier } from '@journeykit/testkit';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { readEnv, type AppConfig } from './settings.js';
import { courierJourneys } from './courier-journeys.js';

/** The embedded fake Courier server (from @journeykit/testkit). */
export type FakeCourier = Awaited<ReturnType<typeof startFakeCourier>>;

export interface StartOptions {
  /** Port to listen on. Default 0 (a free port). */
  port?: number;
  /** Host to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Environment to read COURIER_API_KEY and friends from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Nest logger levels, or `false` for silence. Default: Nest's default logger. */
  logger?: false | LogLevel[];
}

export interface StartedApp {
  /** `http://host:port` the app listens on. */
  url: string;
  /** Where journeys go: `'fake-courier'` (embedded fake server) or `'courier'` (COURIER_API_KEY is set). */
  journeysTarget: AppConfig['journeysTarget'];
  /** The embedded fake Courier server, when no COURIER_API_KEY was set. */
  fakeCourier: FakeCourier | undefined;
  /** The Nest application. */
  app: INestApplication;
  /** Closes the app (draining journeys in flight), then the fake server. Safe to call twice. */
  close(): Promise<void>;
}

/** How the embedded fake server moves every run: PROCESSING, WAITING after 100 ms, PROCESSED (a send) after 300 ms. */
const FAKE_RUN_STATUSES = [{ status: 'PROCESSING' }, { status: 'WAITING', afterMs: 100 }, { status: 'PROCESSED', afterMs: 300 }] as const;

/** Key the embedded fake server expects; it is no secret, it opens nothing but the fake. */
const FAKE_API_KEY = 'sk_fake_nest_sample';

/**
 * Boots the sample app. Without COURIER_API_KEY it starts an embedded fake Courier server and
 * sends every journey there, so the app runs (and its tests pass) with no account and no network.
 *
 * @example
 * ```ts
 * const { url, fakeCourier, close } = await start();
 * await fetch(`${url}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"ada@example.com"}' });
 * console.log(fakeCourier?.invocations);
 * await close();
 * ```
 */
export async function start(options: StartOptions = {}): Promise<StartedApp> {
  const env = readEnv(options.env ?? process.env);
  const fakeLogger = new Logger('FakeCourier');
  const fakeCourier =
    env.COURIER_API_KEY === undefined
      ? await startFakeCourier({
          apiKey: FAKE_API_KEY,
          // The journeys src/journeys.gen.ts was pulled from; invokes are checked against their trigger schemas.
          journeyDefinitions: courierJourneys(),
          // Runs move as a short journey would: started, a delay, then a message sent. GET /runs/:runId shows it.
          runStatuses: FAKE_RUN_STATUSES,
          // One line per request the fake receives, so a demo shows what reached "Courier".
          ...(options.logger === false ? {} : { log: (line: string) => fakeLogger.log(line) }),
        })
      : undefined;
  const config: AppConfig = {
    courier: {
      apiKey: env.COURIER_API_KEY ?? FAKE_API_KEY,
      baseUrl: fakeCourier?.url ?? env.COURIER_BASE_URL ?? defaults.baseUrl,
      timeoutMs: env.JOURNEYS_TIMEOUT_MS,
      maxRetries: env.JOURNEYS_MAX_RETRIES,
    },
    journeysTarget: fakeCourier === undefined ? 'courier' : 'fake-courier',
  };
  let app: INestApplication | undefined;
  try {
    // abortOnError: false, so a bad configuration rejects start() instead of killing the process.
    app = await NestFactory.create(AppModule.forRoot(config), {
      abortOnError: false,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    await app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  } catch (error) {
    await app?.close();
    await fakeCourier?.close();
    throw error;
  }
  const started = app;
  const { address, port } = started.getHttpServer().address() as { address: string; port: number };
  let closing: Promise<void> | undefined;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    journeysTarget: config.journeysTarget,
    fakeCourier,
    app: started,
    close() {
      closing ??= (async () => {
        await started.close();
        await fakeCourier?.close();
      })();
      return closing;
    },
  };
}
