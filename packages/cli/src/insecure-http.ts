/**
 * `--allow-insecure-http`: the API key is a bearer token, so core refuses a plain `http://` base URL
 * that is not loopback. A fake Courier in docker compose (`http://courier:4010`) is such a URL; the
 * command checks it first so that the refusal names the command's own flag, not core's option.
 */
import { isLoopbackHost } from '@journeykit/core/internal';
import { UsageError } from './usage-error.js';

/** The environment variable that allows plain http like the flag does (`1`, `true` or `yes`). */
export const ALLOW_INSECURE_HTTP_ENV = 'JOURNEYKIT_ALLOW_INSECURE_HTTP';

/** Whether the environment allows plain http to a host that is not loopback. */
export function insecureHttpAllowedByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test((env[ALLOW_INSECURE_HTTP_ENV] ?? '').trim());
}

/**
 * Throws a {@link UsageError} when `baseUrl` is plain `http://` to a host that is not loopback and
 * `allowed` is false. Anything else wrong with the URL is left to core, which names it.
 *
 * @example
 * ```ts
 * checkPlainHttp(process.env.COURIER_BASE_URL, flags.allowInsecureHttp === true);
 * ```
 */
export function checkPlainHttp(baseUrl: string | undefined, allowed: boolean): void {
  if (allowed || baseUrl === undefined || baseUrl === '') return;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return;
  }
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return;
  throw new UsageError(
    `COURIER_BASE_URL ${url.origin} uses plain http:// to a host that is not loopback: the API key would travel in clear. ` +
      `Use https://, or pass --allow-insecure-http (or set ${ALLOW_INSECURE_HTTP_ENV}=1) if this network is yours ` +
      '(a docker compose service, a test double)',
  );
}
