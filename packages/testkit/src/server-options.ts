/** Options of the fake Courier server, checked up front with messages that say what to pass. */
import type { FakeCourierChaos } from './faults.js';
import { assertSeed } from './ids.js';

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
}

/** The options with their defaults filled in. */
export type ServerSettings = Required<Omit<FakeCourierOptions, 'seed' | 'log' | 'chaos'>> & Pick<FakeCourierOptions, 'seed' | 'log' | 'chaos'>;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Fills in the defaults; a bad option is a TypeError that says what to pass. */
export function checkOptions(options: FakeCourierOptions): ServerSettings {
  if (options === null || typeof options !== 'object') throw new TypeError('startFakeCourier options must be an object');
  const { apiKey = 'test-key', port = 0, host = '127.0.0.1', seed, log, chaos } = options;
  if (typeof apiKey !== 'string' || apiKey.trim() === '' || CONTROL_CHARS.test(apiKey)) {
    throw new TypeError('apiKey must be a non-empty string without control characters');
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`port must be a whole number from 0 to 65535, got ${String(port)}`);
  if (typeof host !== 'string' || host === '') throw new TypeError('host must be a non-empty string');
  assertSeed(seed);
  if (log !== undefined && typeof log !== 'function') throw new TypeError('log must be a function');
  return { apiKey, port, host, seed, log, chaos };
}

/** The host part of the server's URL. */
export function urlHost(host: string): string {
  // A server on every interface is reached through loopback; IPv6 literals need brackets.
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
