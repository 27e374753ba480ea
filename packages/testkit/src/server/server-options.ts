/** Options of the fake Courier server, checked up front with messages that say what to pass. */
import { JourneysConfigurationError } from '@journeykit/core';
import { CONTROL_CHARACTERS, rejectUnknownOptions, type AnyJourneyCatalog } from '@journeykit/core/internal';
import type { FakeCourierConsoleOption } from '../console/access.js';
import type { FakeCourierChaos } from './faults.js';
import type { FakeJourneys } from '../model/journey-settings.js';
import { checkDefinitions, type FakeJourneyDefinition } from '../model/journey-definitions.js';
import type { RunStatusScript } from '../model/run-status-script.js';
import { DEFAULT_KEY_TTL_MS, DEFAULT_MAX_KEYS, MAX_KEY_TTL_MS } from './idempotency-store.js';
import { assertSeed } from '../model/ids.js';
import type { FakeClock } from '../model/clock.js';

/** Options of `startFakeCourier()`. */
export interface FakeCourierOptions {
  /** The bearer token the server accepts. Default `'test-key'`. */
  apiKey?: string;
  /** Port to listen on. Default 0: a free port (read it from `url` or `port`). */
  port?: number;
  /** Interface to listen on. Default `'127.0.0.1'`. */
  host?: string;
  /** Makes run ids reproducible. Default: random. */
  seed?: number;
  /** Receives one line per HTTP request (never the API key). Default: silent. */
  log?: (line: string) => void;
  /** Random faults from the start (see `server.chaos()`). Default: none. */
  chaos?: FakeCourierChaos;
  /**
   * Most entries kept in `server.requests` and in `server.invocations` (each); older ones are
   * dropped, oldest first, and counted in `server.dropped`. Default 10,000: plenty for a test,
   * and a dev server that runs for days stays at a few megabytes.
   */
  maxRecords?: number;
  /**
   * Most idempotency keys remembered; beyond it the oldest are forgotten first (a retry with a
   * forgotten key would start a second run, so keep it above the keys live within a day).
   * Default 100,000.
   */
  maxIdempotencyKeys?: number;
  /**
   * How long a key is remembered when the request sends no `X-Idempotency-Expiration`, in ms.
   * Default 25 h, as Courier does; the header may ask for up to a year.
   */
  idempotencyKeyTtlMs?: number;
  /**
   * How each journey behaves after the invoke: its cancelation token rule and its statuses over
   * time, keyed by template ID. Change one later with `server.setJourney()`.
   */
  journeys?: FakeJourneys;
  /** A catalog from `defineJourneys()`: its entries' `cancelationToken` rules build the tokens of journeys `journeys` gives none. */
  catalog?: AnyJourneyCatalog;
  /**
   * The statuses of runs whose journey has none in `journeys`, e.g.
   * `[{ status: 'PROCESSING' }, { status: 'PROCESSED', afterMs: 100 }]`. Default: PROCESSING until
   * a cancel or `server.setRunStatus()` moves it.
   */
  runStatuses?: RunStatusScript;
  /**
   * Journeys served by `GET /journeys`, `GET /journeys/{templateId}` and
   * `GET /journeys/{templateId}/versions`. Default: none (the list is empty, a read is 404); invokes
   * are accepted for any template either way.
   */
  journeyDefinitions?: readonly FakeJourneyDefinition[];
  /**
   * What an invoke whose `data` fails its journey's trigger schema (in `journeyDefinitions`) gets.
   * Default false, as Courier: 200 with a runId, and the run ends in ERROR at its trigger step (the
   * request log says why). True: a 400 that says why, for tests that want the failure at the call.
   */
  strictTriggerSchemas?: boolean;
  /**
   * Where the server reads the time: key expiry, request and run times, scripted run statuses.
   * Default `Date`. A test that spans days moves it instead of waiting, e.g. with the `TestClock`
   * it gives pg-boss, or `{ now: () => fakeNow }`. The same option as `FakeJourneysClient`'s and the outbox's.
   */
  clock?: FakeClock;
  /**
   * The web console at `/_console/` (its URL is `server.consoleUrl`). Default true: open on a
   * loopback host, behind a random token elsewhere. `{ token }` always asks for that token; `false`
   * turns it off (then `/_console/` is a 404 like any path Courier does not serve).
   */
  console?: FakeCourierConsoleOption;
}

const OPTION_NAMES = [
  'apiKey',
  'port',
  'host',
  'seed',
  'log',
  'chaos',
  'maxRecords',
  'maxIdempotencyKeys',
  'idempotencyKeyTtlMs',
  'journeys',
  'catalog',
  'runStatuses',
  'journeyDefinitions',
  'strictTriggerSchemas',
  'clock',
  'console',
] as const satisfies readonly (keyof FakeCourierOptions)[];

/** The options with their defaults filled in. */
type Optional = 'seed' | 'log' | 'chaos' | 'journeys' | 'catalog' | 'runStatuses' | 'journeyDefinitions' | 'clock' | 'console';
export type ServerSettings = Required<Omit<FakeCourierOptions, Optional>> & Pick<FakeCourierOptions, Optional> & { now: () => number };

/** Default of {@link FakeCourierOptions.maxRecords}. */
const DEFAULT_MAX_RECORDS = 10_000;

/** Fills in the defaults; a bad option is a JourneysConfigurationError that says what to pass. */
export function checkOptions(options: FakeCourierOptions): ServerSettings {
  if (options === null || typeof options !== 'object') throw new JourneysConfigurationError('startFakeCourier options must be an object');
  rejectUnknownOptions('startFakeCourier', options, OPTION_NAMES);
  const {
    apiKey = 'test-key',
    port = 0,
    host = '127.0.0.1',
    seed,
    log,
    chaos,
    maxRecords = DEFAULT_MAX_RECORDS,
    maxIdempotencyKeys = DEFAULT_MAX_KEYS,
    idempotencyKeyTtlMs = DEFAULT_KEY_TTL_MS,
    journeys,
    catalog,
    runStatuses,
    journeyDefinitions,
    strictTriggerSchemas = false,
    clock,
    console,
  } = options;
  if (typeof apiKey !== 'string' || apiKey.trim() === '' || CONTROL_CHARACTERS.test(apiKey)) {
    throw new JourneysConfigurationError('apiKey must be a non-empty string without control characters');
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new JourneysConfigurationError(`port must be a whole number from 0 to 65535, got ${String(port)}`);
  if (typeof host !== 'string' || host === '') throw new JourneysConfigurationError('host must be a non-empty string');
  assertSeed(seed);
  if (log !== undefined && typeof log !== 'function') throw new JourneysConfigurationError('log must be a function');
  positiveWhole('maxRecords', maxRecords);
  positiveWhole('maxIdempotencyKeys', maxIdempotencyKeys);
  positiveWhole('idempotencyKeyTtlMs', idempotencyKeyTtlMs);
  if (idempotencyKeyTtlMs > MAX_KEY_TTL_MS) throw new JourneysConfigurationError(`idempotencyKeyTtlMs must be at most a year (${MAX_KEY_TTL_MS} ms)`);
  if (typeof strictTriggerSchemas !== 'boolean')
    throw new JourneysConfigurationError(`strictTriggerSchemas must be true or false, got ${typeof strictTriggerSchemas}`);
  if (clock !== undefined && typeof (clock as { now?: unknown } | null)?.now !== 'function')
    throw new JourneysConfigurationError('clock must have now(), like Date');
  const now = clock === undefined ? Date.now : () => clock.now();
  // journeys, catalog and runStatuses are checked where they are used (JourneySettings), with the same kind of message.
  return {
    apiKey,
    port,
    host,
    seed,
    log,
    chaos,
    maxRecords,
    maxIdempotencyKeys,
    idempotencyKeyTtlMs,
    journeys,
    catalog,
    runStatuses,
    journeyDefinitions: checkDefinitions(journeyDefinitions),
    strictTriggerSchemas,
    clock,
    now,
    console,
  };
}

function positiveWhole(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new JourneysConfigurationError(`${name} must be a positive whole number, got ${typeof value === 'number' ? String(value) : typeof value}`);
  }
}

/** The host part of the server's URL. */
export function urlHost(host: string): string {
  // A server on every interface is reached through loopback; IPv6 literals need brackets.
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
