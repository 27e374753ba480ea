import { JourneysConfigurationError } from '@journeykit/core';
import { resolveInvoker, type ResolvedInvoker } from '@journeykit/core/internal';
import type { JourneysModuleOptions } from './journeys-module-options.interface.js';

/**
 * Turns module options into an invoker with core's `resolveInvoker` (the rule Express follows
 * too). A `JourneysClient` built here reports a missing key or a bad URL from its constructor,
 * so a misconfigured app fails at bootstrap, not on its first journey.
 */
export function createJourneysInvoker(options: JourneysModuleOptions | undefined): ResolvedInvoker {
  if (options === undefined || options === null) return resolveInvoker('JourneysModule', {});
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new JourneysConfigurationError('JourneysModule options must be an object (what forRoot takes or the forRootAsync factory returns)');
  }
  return resolveInvoker('JourneysModule', options as JourneysModuleOptions & Record<string, unknown>);
}
