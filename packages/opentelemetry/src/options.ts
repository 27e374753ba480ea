import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { JourneysConfigurationError } from '@journeykit/core';

/** Options of {@link journeysTelemetry}. Every field is optional. */
export interface JourneysTelemetryOptions {
  /** Where spans go. Default: the global tracer provider (what `NodeSDK.start()` registers). */
  tracerProvider?: TracerProvider;
  /**
   * Where metrics go. Default: the global meter provider, read when `journeysTelemetry()` is
   * called: start the SDK first (OpenTelemetry's API has no stand-in meter that picks up a
   * provider registered later).
   */
  meterProvider?: MeterProvider;
  /**
   * Record the user an invoke names (`user_id`) as `user.id` on the span. Default false: a user
   * id is personal data, and traces are often kept longer and seen by more people than the app's
   * own database. Never on metrics (one series per user would be unbounded).
   */
  recordUserId?: boolean;
  /**
   * The span kind of the call's span. Default `'internal'`: with `@opentelemetry/instrumentation-undici`,
   * every HTTP attempt is a CLIENT span of its own below it, and a CLIENT span above them would make
   * service maps count each call to Courier twice. Choose `'client'` when the HTTP client is not
   * instrumented and the call's span is the only record of the request to Courier.
   */
  spanKind?: 'internal' | 'client';
}

const OPTION_NAMES = new Set(['tracerProvider', 'meterProvider', 'recordUserId', 'spanKind']);

/** Checks the options once, at the factory, so a typo fails at startup rather than silently tracing nothing. */
export function checkTelemetryOptions(options: JourneysTelemetryOptions): void {
  if (options === null || typeof options !== 'object') throw new JourneysConfigurationError('journeysTelemetry(): options must be an object');
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new JourneysConfigurationError(`journeysTelemetry(): unknown option "${name}"; known: ${[...OPTION_NAMES].join(', ')}`);
    }
  }
  const { tracerProvider, meterProvider, recordUserId, spanKind } = options;
  if (tracerProvider !== undefined && typeof tracerProvider?.getTracer !== 'function') {
    throw new JourneysConfigurationError('journeysTelemetry(): tracerProvider must have getTracer(), like a NodeTracerProvider');
  }
  if (meterProvider !== undefined && typeof meterProvider?.getMeter !== 'function') {
    throw new JourneysConfigurationError('journeysTelemetry(): meterProvider must have getMeter(), like a MeterProvider');
  }
  if (recordUserId !== undefined && typeof recordUserId !== 'boolean') {
    throw new JourneysConfigurationError('journeysTelemetry(): recordUserId must be true or false');
  }
  if (spanKind !== undefined && spanKind !== 'internal' && spanKind !== 'client') {
    throw new JourneysConfigurationError("journeysTelemetry(): spanKind must be 'internal' or 'client'");
  }
}
