import { JourneysConfigurationError } from '../errors/errors.js';
import { rejectUnknownOptions } from '../input/option-names.js';

/**
 * Checks the options of an adapter's `journeysErrorHandler()` (Express, Fastify, Hono): an object
 * whose members are the named callbacks, each a function when given. A misspelt or mistyped
 * callback would otherwise be ignored, and the app would lose its logging or its own answers silently.
 *
 * @example
 * ```ts
 * checkErrorHandlerOptions(options, ['onError', 'fallback']); // throws JourneysConfigurationError
 * ```
 */
export function checkErrorHandlerOptions(options: unknown, callbacks: readonly string[]): void {
  const owner = 'journeysErrorHandler()';
  if (options === null || typeof options !== 'object') {
    throw new JourneysConfigurationError(`${owner}: options must be an object like { ${callbacks.join(', ')} }`);
  }
  rejectUnknownOptions(owner, options, callbacks);
  for (const name of callbacks) {
    const value = (options as Record<string, unknown>)[name];
    if (value !== undefined && typeof value !== 'function') throw new JourneysConfigurationError(`${owner}: ${name} must be a function`);
  }
}
