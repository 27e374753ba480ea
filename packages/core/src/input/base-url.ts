import { describeValue } from '../shared/describe-value.js';
import { JourneysConfigurationError } from '../errors/errors.js';

/** Courier's production API. */
export const DEFAULT_BASE_URL = 'https://api.courier.com';

/** Where requests go: the pool's origin and the path prefix before `/journeys/...`. */
export interface Endpoint {
  origin: string;
  pathPrefix: string;
}

/** `localhost`, `127.0.0.0/8` and `[::1]`: the only hosts a bearer token may reach over plain http. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/** How {@link parseBaseUrl} names the value in its messages, and what it lets through. */
export interface BaseUrlRules {
  /** `baseUrl` or `COURIER_BASE_URL`: where the value came from. */
  name?: string;
  /** Let plain `http://` reach a host that is not loopback (a compose service, a private mock). */
  allowInsecureHttp?: boolean;
}

// Schemes worth naming back; any other text before a colon could be part of a misplaced secret.
const KNOWN_SCHEMES = new Set(['ftp:', 'ws:', 'wss:', 'file:', 'mailto:', 'data:', 'javascript:', 'blob:']);
// `localhost:4010`, `api.courier.com:443/v1`: a host and port without a scheme (URL reads the host as one).
const HOST_AND_PORT = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\]):\d{1,5}(?:\/[^\s]*)?$/i;

/**
 * Parses and vets the base URL. Plain `http://` is refused unless it points at loopback (the
 * bearer token would otherwise cross the network in clear) or `allowInsecureHttp` says so.
 * Messages never repeat the value unless it is plainly a URL: a mixed-up option may hold the key.
 */
export function parseBaseUrl(input: string | URL, rules: BaseUrlRules = {}): Endpoint {
  const name = rules.name ?? 'baseUrl';
  if (typeof input !== 'string' && !(input instanceof URL)) {
    throw new JourneysConfigurationError(`${name} must be a string or a URL, got ${describeValue(input)}`);
  }
  const text = String(input);
  const hostAndPort = HOST_AND_PORT.exec(text);
  if (hostAndPort !== null) {
    const scheme = isLoopbackHost(hostAndPort[1]!) ? 'http' : 'https';
    throw new JourneysConfigurationError(`${name} "${text}" has no scheme; write ${scheme}://${text}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new JourneysConfigurationError(`${name} is not a valid URL (got ${describeValue(text)}); it must look like https://api.courier.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    const scheme = KNOWN_SCHEMES.has(url.protocol) ? `${url.protocol}//` : 'another scheme';
    throw new JourneysConfigurationError(`${name} must use https:// (got ${scheme}); it must look like https://api.courier.com`);
  }
  if (url.username || url.password) {
    throw new JourneysConfigurationError(`${name} must not contain credentials; pass the key as apiKey`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && rules.allowInsecureHttp !== true) {
    throw new JourneysConfigurationError(
      `${name} ${url.origin} uses plain http:// to a non-loopback host; the API key would travel in clear. ` +
        'Use https://, or pass allowInsecureHttp: true if this network is yours (a docker-compose service, a test double)',
    );
  }
  if (url.search || url.hash) {
    throw new JourneysConfigurationError(`${name} must not contain a query string or fragment`);
  }
  return { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
}
