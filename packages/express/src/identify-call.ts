import { JourneysAbortError, JourneysConfigurationError, JourneysTimeoutError, defaults, type InvokeOptions } from '@journeykit/core';
import { identityIssues, isPlainObject, type RequestIdentity, formatIssuePath } from '@journeykit/core/internal';
import type { Request } from 'express';
import type { Identify } from './options.js';

/**
 * Runs `identify(req)` under the call's deadline: the call's `signal` aborts it and the call's
 * `timeoutMs` (else the middleware's, else core's default) bounds it, so an `identify` that
 * never settles cannot hang the route. What it returns is checked here: a bad identity is a bug
 * in this server's `identify` (a configuration error, HTTP 500), never the HTTP caller's fault.
 */
export async function identifyWithin(
  identify: Identify,
  req: Request,
  options: InvokeOptions | undefined,
  defaultTimeoutMs: number | undefined,
): Promise<RequestIdentity | undefined> {
  const signal = options?.signal instanceof AbortSignal ? options.signal : undefined;
  const given = options?.timeoutMs;
  const timeoutMs = typeof given === 'number' && given > 0 ? given : (defaultTimeoutMs ?? defaults.timeoutMs);
  if (signal?.aborted) throw new JourneysAbortError({ cause: signal.reason });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new JourneysTimeoutError(timeoutMs);
      // The timeout is ours, not Courier's: say so (nothing was sent).
      error.message = `identify(req) did not finish within ${timeoutMs} ms; nothing was sent`;
      reject(error);
    }, timeoutMs);
    if (signal !== undefined) {
      onAbort = () => reject(new JourneysAbortError({ cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return checkIdentity(await Promise.race([Promise.resolve().then(() => identify(req)), deadline]));
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}

function checkIdentity(identity: unknown): RequestIdentity | undefined {
  if (identity === undefined || identity === null) return undefined;
  const issues = identityIssues(identity);
  if (issues.length === 0 && isPlainObject(identity)) return identity;
  const detail = issues.map((issue) => `${issue.path.length > 0 ? `${formatIssuePath(issue.path)}: ` : ''}${issue.message}`).join('; ');
  throw new JourneysConfigurationError(
    `identify(req) returned an identity that cannot be sent (${detail}); it must return { user_id?, profile?, data? } ` +
      'with a non-empty string user_id and plain-object profile and data, or undefined. Fix identify in journeys({ identify })',
  );
}
