/**
 * The seam telemetry plugs into. Core knows no tracing library: `@journeykit/opentelemetry`
 * implements {@link JourneysTelemetry} on the OpenTelemetry API, and anything else can too.
 * Unlike hooks (which only observe), a telemetry wraps each logical call, so the span it starts
 * is the active one while every attempt is dispatched, and HTTP client spans nest under it.
 */
import type { JourneysError } from '../errors/errors.js';
import type { RetryReason } from '../transport/retry-policy.js';

/** Which call: the invoke, the cancel, or one of the run reads (`runs.list` is one call per page). */
export type JourneysCallKind = 'invoke' | 'cancel' | 'runs.get' | 'runs.steps' | 'runs.list';

/** What a telemetry is told when a call starts. Never the API key, `profile` or `data`. */
export interface JourneysCallInfo {
  /** The call. */
  kind: JourneysCallKind;
  /** HTTP method every attempt uses. */
  method: 'GET' | 'POST';
  /** Courier's host name, as in the base URL. */
  serverAddress: string;
  /** Courier's port (443 unless the base URL says otherwise). */
  serverPort: number;
  /** The journey, for an invoke: as the caller gave it (a string only after validation passed). */
  templateId?: string;
  /** The run, for a cancel by run id and the run reads. */
  runId?: string;
  /** The user Courier will resolve, for an invoke with one. A telemetry should record it only when told to. */
  userId?: string;
}

/** The end of one attempt. */
export interface JourneysAttemptEnd {
  /** 1 for the first attempt. */
  attempt: number;
  /** The response's status, when one came. */
  status?: number;
  /** Why the attempt failed, when it did (a status that is not 2xx also carries `error`). */
  error?: JourneysError;
  /** From when the attempt was sent to its end, in ms. */
  durationMs: number;
}

/**
 * What a telemetry hears during one call; every method is optional and must not throw. An `error`
 * it is handed is the typed error the caller gets: a `JourneysApiError`'s `message` and `body` hold
 * what the server answered, which may echo the request's `profile` and `data`. Export its `code`,
 * or `journeysErrorSummary(error)`, never its message.
 */
export interface JourneysCallObserver {
  /** An attempt was handed to a connection (after any wait for one). */
  attemptStart?(attempt: number): void;
  /** An attempt ended, with a response or a fault. */
  attemptEnd?(end: JourneysAttemptEnd): void;
  /** Another attempt follows after `delayMs`. */
  retry?(retry: { attempt: number; reason: RetryReason; delayMs: number; status?: number; error: JourneysError }): void;
  /** The call is over. `attempts` is how many were sent (0 when validation or the queue stopped it). */
  end(outcome: { ok: true; runId?: string; attempts: number } | { ok: false; error: JourneysError; attempts: number }): void;
}

/**
 * A tracer for journey calls: `traceCall` runs one logical call (validation, every attempt and
 * every backoff wait) inside `run`, so that whatever context it makes active is active for the
 * whole call. It returns what `run` returns.
 *
 * @example
 * ```ts
 * import { journeysTelemetry } from '@journeykit/opentelemetry';
 * const client = new JourneysClient({ telemetry: journeysTelemetry() });
 * ```
 */
export interface JourneysTelemetry {
  /** Wraps one call; must call `run` exactly once and return its promise's outcome unchanged. */
  traceCall<T>(info: JourneysCallInfo, run: (observer: JourneysCallObserver | undefined) => Promise<T>): Promise<T>;
}
