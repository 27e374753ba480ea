import { DEFAULT_BASE_URL, parseBaseUrl, type Endpoint } from '../input/base-url.js';
import { isJourneyCatalog, type AnyJourneyCatalog } from '../catalog/catalog.js';
import type { JourneysClientOptions } from './client.js';
import { describeValue } from '../shared/describe-value.js';
import { JourneysConfigurationError } from '../errors/errors.js';
import { rejectUnknownOptions } from '../input/option-names.js';
import { DEFAULT_BULK_CONCURRENCY, DEFAULT_MAX_THROTTLE_RETRIES } from '../bulk/invoke-many.js';
import { FINISHED_RUN_STATUSES } from '../contract/journey-runs.js';
import { DELAY_RULE, RETRIES_RULE, acceptsNumber, expectedNumber, type NumberRule } from '../input/option-rules.js';
import { DEFAULT_MAX_RETRY_AFTER_MS } from '../contract/retry-after.js';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS } from '../calls/run-wait.js';
import { CONTROL_CHARACTERS } from '../shared/control-characters.js';
import { DEFAULT_MAX_REQUEST_BYTES } from '../input/validate.js';
import { TRANSPORT_NAMES, type TransportName } from '../transport/attempt.js';
import { DEFAULT_TRANSPORT, UNDICI_IN_BUILD } from '../transport/transport-choice.js';

/** Every option `JourneysClient` takes; anything else is refused, naming the closest of these. */
export const CLIENT_OPTION_NAMES = [
  'apiKey',
  'baseUrl',
  'allowInsecureHttp',
  'timeoutMs',
  'maxRetries',
  'retryDelayMs',
  'maxRetryAfterMs',
  'connections',
  'queueTimeoutMs',
  'dispatcher',
  'transport',
  'hooks',
  'telemetry',
  'maxRequestBytes',
  'maxResponseBytes',
  'catalog',
] as const;

/**
 * What an option left out means: every default of `JourneysClient`, `invokeMany` and
 * `runs.waitFor`, in one frozen object named like the options (`defaults.timeoutMs` is the
 * default of `timeoutMs`). The client's `retryDelayMs` default is the function {@link defaultRetryDelay}.
 *
 * @example
 * ```ts
 * import { JourneysClient, defaults } from '@journeykit/core';
 *
 * // Twice the default per-attempt limit, the rest as it is.
 * const client = new JourneysClient({ timeoutMs: 2 * defaults.timeoutMs });
 * ```
 */
export const defaults = Object.freeze({
  /** Courier's production API, when neither `baseUrl` nor `COURIER_BASE_URL` says otherwise. */
  baseUrl: DEFAULT_BASE_URL,
  /** Per attempt, counted from when it is sent: 30 s. */
  timeoutMs: 30_000,
  /** Retries after the first attempt. */
  maxRetries: 2,
  /** Longest `Retry-After` honoured: 60 s. */
  maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS,
  /**
   * Sockets open to Courier at once: enough for a busy service (at 100 ms per call, about 640
   * calls/s), far below a process's file limit. Well-kept SDKs bound their pools the same way
   * (AWS SDK for JavaScript: 50 sockets; OkHttp: 64 requests; httpx: 100 connections).
   */
  connections: 64,
  /** Longest wait for a free connection: 60 s. */
  queueTimeoutMs: 60_000,
  /** Largest JSON body of one call: 1 MiB (Courier's own limit is 6 MB). */
  maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
  /** Largest answer read: 1 MiB (an invoke's answer is a few dozen bytes). */
  maxResponseBytes: 1024 * 1024,
  /** `invokeMany` options. */
  invokeMany: Object.freeze({
    /** Items in flight at once. */
    concurrency: DEFAULT_BULK_CONCURRENCY,
    /** Whole-batch retries of an item Courier keeps throttling. */
    maxThrottleRetries: DEFAULT_MAX_THROTTLE_RETRIES,
  }),
  /** `runs.waitFor` options. */
  waitFor: Object.freeze({
    /** The statuses that end the wait: a finished run. */
    until: FINISHED_RUN_STATUSES,
    /** How long to wait for them: 60 s. */
    timeoutMs: DEFAULT_WAIT_TIMEOUT_MS,
    /** The first wait between polls (it grows by half each poll, up to 10 s). */
    pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
  }),
});

// A new option must be added to the list above, or the constructor would refuse it: this fails to compile until it is.
type Unlisted = Exclude<keyof JourneysClientOptions, (typeof CLIENT_OPTION_NAMES)[number]>;
const everyOptionIsListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyOptionIsListed;

/** What the constructor needs beyond the options themselves. */
export interface CheckedClientOptions {
  apiKey: string;
  endpoint: Endpoint;
  /** The transport named, else undici for an injected dispatcher, else this build's default. */
  transport: TransportName;
}

/**
 * Checks `JourneysClient` options and resolves the key and base URL (from the environment when
 * not given). Messages name the option and describe what was given (its type, a length) but never
 * echo a string: options get mixed up, and the value in `baseUrl` may be the API key.
 */
export function checkClientOptions(options: JourneysClientOptions<AnyJourneyCatalog | undefined>): CheckedClientOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new JourneysConfigurationError(`JourneysClient options must be an object, got ${describeValue(options)}`);
  }
  rejectUnknownOptions('JourneysClient', options, CLIENT_OPTION_NAMES);
  const apiKey = readApiKey(options.apiKey);
  number('timeoutMs', options.timeoutMs, DELAY_RULE);
  number('maxRetryAfterMs', options.maxRetryAfterMs, DELAY_RULE);
  number('connections', options.connections, { integer: true });
  number('queueTimeoutMs', options.queueTimeoutMs, DELAY_RULE);
  number('maxRequestBytes', options.maxRequestBytes, { integer: true });
  number('maxResponseBytes', options.maxResponseBytes, { integer: true });
  number('maxRetries', options.maxRetries, RETRIES_RULE);
  const rd = options.retryDelayMs;
  if (rd !== undefined && typeof rd !== 'function') number('retryDelayMs', rd, { zero: true, what: 'a number of ms >= 0 or a function' });
  if (options.catalog !== undefined && !isJourneyCatalog(options.catalog)) {
    throw new JourneysConfigurationError(`catalog must be made by defineJourneys(), got ${describeValue(options.catalog)}`);
  }
  const telemetry = options.telemetry as { traceCall?: unknown } | undefined;
  if (telemetry !== undefined && (telemetry === null || typeof telemetry.traceCall !== 'function')) {
    throw new JourneysConfigurationError(
      `telemetry must have a traceCall method (e.g. journeysTelemetry() from @journeykit/opentelemetry), got ${describeValue(telemetry)}`,
    );
  }
  const allowInsecureHttp = options.allowInsecureHttp;
  if (allowInsecureHttp !== undefined && typeof allowInsecureHttp !== 'boolean') {
    throw new JourneysConfigurationError(`allowInsecureHttp must be true or false, got ${describeValue(allowInsecureHttp)}`);
  }
  const fromEnv = options.baseUrl === undefined && !!process.env.COURIER_BASE_URL;
  const baseUrl = options.baseUrl ?? (process.env.COURIER_BASE_URL || DEFAULT_BASE_URL);
  const endpoint = parseBaseUrl(baseUrl, { name: fromEnv ? 'COURIER_BASE_URL' : 'baseUrl', allowInsecureHttp: allowInsecureHttp === true });
  return { apiKey, endpoint, transport: checkTransport(options) };
}

/** Which transport; fetch has no connections to limit or queue for, nor a dispatcher to send through. */
function checkTransport(options: JourneysClientOptions<AnyJourneyCatalog | undefined>): TransportName {
  const named: unknown = options.transport;
  if (named !== undefined && !(TRANSPORT_NAMES as readonly unknown[]).includes(named)) {
    throw new JourneysConfigurationError(`transport must be 'undici' or 'fetch', got ${describeValue(named)}`);
  }
  const transport = (named as TransportName | undefined) ?? (options.dispatcher !== undefined ? 'undici' : DEFAULT_TRANSPORT);
  if (transport === 'fetch') {
    const undiciOnly = (['connections', 'queueTimeoutMs', 'dispatcher'] as const).filter((name) => options[name] !== undefined);
    if (undiciOnly.length > 0) {
      throw new JourneysConfigurationError(
        `${undiciOnly.join(', ')} ${undiciOnly.length === 1 ? 'needs' : 'need'} the undici transport; with transport 'fetch' the runtime's fetch manages its own connections (leave ${undiciOnly.length === 1 ? 'it' : 'them'} out, or use transport 'undici')`,
      );
    }
  } else if (!UNDICI_IN_BUILD) {
    throw new JourneysConfigurationError(
      `${named === undefined ? 'dispatcher needs' : "transport 'undici' needs"} undici, which this build of @journeykit/core (for workerd, Deno, Bun and edge runtimes) does not load; use transport 'fetch'`,
    );
  }
  return transport;
}

/**
 * The key as it goes into `Authorization: Bearer <key>`. A header carries Latin-1 only, so a key
 * with `€` or U+2028 (a bad copy and paste) could never be sent: every call would fail after an
 * attempt that sent nothing. Refused here, at start-up, by position, never by showing the key.
 */
function readApiKey(given: unknown): string {
  const apiKey = given ?? process.env.COURIER_API_KEY;
  const source = given !== undefined ? 'apiKey' : 'COURIER_API_KEY';
  if (apiKey !== undefined && typeof apiKey !== 'string') {
    throw new JourneysConfigurationError(`apiKey must be a string, got ${describeValue(apiKey)}`);
  }
  if (apiKey === undefined || apiKey.trim() === '') {
    throw new JourneysConfigurationError('No Courier API key: pass { apiKey } or set COURIER_API_KEY (an empty string counts as missing)');
  }
  const control = apiKey.search(CONTROL_CHARACTERS);
  if (control !== -1) {
    throw new JourneysConfigurationError(
      `The Courier API key (${source}) contains control characters (first at position ${control}); check how it is loaded`,
    );
  }
  const wide = apiKey.search(/[^\u0000-\u00ff]/);
  if (wide !== -1) {
    throw new JourneysConfigurationError(
      `The Courier API key (${source}) contains a character that an HTTP header cannot carry (position ${wide}, ` +
        `U+${apiKey.codePointAt(wide)!.toString(16).toUpperCase().padStart(4, '0')}); it was probably damaged when copied`,
    );
  }
  if (/^bearer\s/i.test(apiKey)) {
    throw new JourneysConfigurationError(`The Courier API key (${source}) starts with "Bearer "; pass the key alone, journeykit adds the scheme`);
  }
  if (apiKey.trim() !== apiKey) {
    throw new JourneysConfigurationError(`The Courier API key (${source}) has spaces around it; remove them`);
  }
  return apiKey;
}

interface ClientNumberRule extends NumberRule {
  /** Overrides the rule's own description of what it accepts. */
  what?: string;
}

function number(name: string, value: unknown, rule: ClientNumberRule): void {
  if (value === undefined || acceptsNumber(value, rule)) return;
  // Numbers are shown (they are never secrets); strings are described, never echoed.
  const got =
    typeof value === 'number'
      ? String(value)
      : typeof value === 'string'
        ? `${describeValue(value)}; values read from the environment are strings, convert them with Number(...)`
        : describeValue(value);
  throw new JourneysConfigurationError(`${name} must be ${rule.what ?? expectedNumber(rule)}, got ${got}`);
}
