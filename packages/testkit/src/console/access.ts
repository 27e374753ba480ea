/**
 * Who may open the fake's console. It shows request bodies (personal data, in a team's shared dev
 * environment), so it is open only when the server listens on loopback; elsewhere it asks for a
 * token. The rule reads the configured host as written: a name that only resolves to loopback
 * (a machine's own hostname) still counts as "elsewhere", since other machines may resolve it too.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { JourneysConfigurationError } from '@journeykit/core';

/**
 * The `console` option of `startFakeCourier()`: `true` (the default: open on loopback, behind a
 * random token elsewhere), `false` (no console), or `{ token }` (that token asked for on any host).
 *
 * @example
 * ```ts
 * const server = await startFakeCourier({ host: '0.0.0.0', console: { token: process.env.CONSOLE_TOKEN } });
 * ```
 */
export type FakeCourierConsoleOption =
  | boolean
  | {
      /** The token the console asks for (16 or more printable characters); default: a random one off loopback. */
      token?: string;
    };

/** How the console is reached: open (loopback), or behind a token. */
export type ConsoleAccess = { kind: 'open' } | { kind: 'token'; token: string };

/** Where the console and its endpoints live: not a path Courier serves. */
export const CONSOLE_PREFIX = '/_console';

/** Name of the cookie that carries the token after the first visit with `?token=`. */
export const TOKEN_COOKIE = 'journeykit_console';

/** True for a host written as loopback: `localhost`, `127.x.x.x`, `::1` (in any of their spellings). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return h === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(h);
}

/**
 * The console's access for a server on `host`; undefined when it is off. A token given in the
 * option is always required; otherwise a server off loopback gets a random one.
 */
export function consoleAccess(host: string, option: FakeCourierConsoleOption | undefined): ConsoleAccess | undefined {
  if (option === false) return undefined;
  if (option === undefined || option === true) {
    return isLoopbackHost(host) ? { kind: 'open' } : { kind: 'token', token: randomBytes(18).toString('base64url') };
  }
  if (option === null || typeof option !== 'object' || Array.isArray(option)) {
    throw new JourneysConfigurationError('console must be true, false or { token: "<a token of 16 or more characters>" }');
  }
  const { token } = option;
  if (token === undefined) return consoleAccess(host, true);
  if (typeof token !== 'string' || token.length < 16 || !/^[\x21-\x7e]+$/.test(token)) {
    throw new JourneysConfigurationError('console.token must be a string of 16 or more printable characters without spaces');
  }
  return { kind: 'token', token };
}

/** True when `given` is the token (in constant time, so its prefix cannot be guessed by timing). */
export function tokenMatches(access: ConsoleAccess, given: string | undefined): boolean {
  if (access.kind === 'open') return true;
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(access.token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: the `x-journeykit-console-token` header, `?token=`, or the cookie. */
export function tokenOf(headers: Record<string, string | string[] | undefined>, query: URLSearchParams): string | undefined {
  const header = headers['x-journeykit-console-token'];
  if (typeof header === 'string') return header;
  const fromQuery = query.get('token');
  if (fromQuery !== null) return fromQuery;
  const cookie = headers.cookie;
  if (typeof cookie !== 'string') return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}
