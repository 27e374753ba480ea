import { JourneysConfigurationError } from './errors.js';

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

/**
 * Parses and vets the base URL. Plain `http://` is refused unless it points at loopback, because
 * the bearer token would otherwise cross the network in clear.
 */
export function parseBaseUrl(input: string | URL): Endpoint {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new JourneysConfigurationError(`baseUrl is not a valid URL: ${JSON.stringify(String(input))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new JourneysConfigurationError(`baseUrl must use https:// (got ${url.protocol}//)`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new JourneysConfigurationError(
      `baseUrl ${url.origin} uses plain http:// to a non-loopback host; the API key would travel in clear. Use https://`,
    );
  }
  if (url.username || url.password) {
    throw new JourneysConfigurationError('baseUrl must not contain credentials; pass the key as apiKey');
  }
  if (url.search || url.hash) {
    throw new JourneysConfigurationError('baseUrl must not contain a query string or fragment');
  }
  return { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
}
