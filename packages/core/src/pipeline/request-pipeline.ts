/**
 * The one path every call to Courier takes, from a described request to a typed result or a typed
 * error: authorization, the idempotency key of a POST, the deadline, the response cap, retries
 * (decided by retry-policy.ts), hooks, telemetry, redaction and error mapping. An endpoint is a
 * {@link CallDescription} (see endpoints.ts); it never loops or retries on its own.
 */
import { Buffer } from 'node:buffer';
import { abortableDelay } from '../shared/abort-listeners.js';
import { generateIdempotencyKey, resolveCallSettings, type CallDefaults, type CallOptions, type CallSettings } from '../input/call-options.js';
import { JourneysAbortError, JourneysClosedError, JourneysError } from '../errors/errors.js';
import type { SentValues } from '../contract/echoed-request-id.js';
import type { ErrorMapper } from './error-mapping.js';
import type { Redactor } from '../shared/redact.js';
import { callHook, type JourneysCallEvent, type JourneysHooks } from './hooks.js';
import { decideRetry, type RetryDecision } from '../transport/retry-policy.js';
import { parseBody } from '../contract/response-decoding.js';
import type { JourneysCallInfo, JourneysCallKind, JourneysCallObserver, JourneysTelemetry } from './telemetry.js';
import type { ConnectionSlots } from '../transport/connection-slots.js';
import { AttemptFault, type AttemptRequest, type AttemptResponse, type Transport } from '../transport/attempt.js';

declare const __JOURNEYKIT_VERSION__: string;
const USER_AGENT = `journeykit/${__JOURNEYKIT_VERSION__}`;

/**
 * One endpoint call, described: where it goes, what it sends, how a success is read. Built after
 * the call's input was validated.
 *
 * @example
 * ```ts
 * // What runGetCall(runId) in endpoints.ts returns:
 * const call: CallDescription<JourneyRun> = {
 *   kind: 'runs.get',
 *   method: 'GET',
 *   path: `/journeys/runs/${encodeURIComponent(runId)}`,
 *   subject: `run "${runId}"`,
 *   runId,
 *   expects: 'a run',
 *   decode: (body, redact) => {
 *     const run = asRecord(asRecord(body)?.run);
 *     return run !== undefined && typeof run.run_id === 'string' ? readRun(run, redact) : undefined;
 *   },
 *   resultRunId: (run) => run.run_id,
 * };
 * ```
 */
export interface CallDescription<T> {
  /** Which call (hooks, telemetry). */
  kind: JourneysCallKind;
  method: 'GET' | 'POST';
  /** The path after the base URL's own path: percent-encoded, with its query string. */
  path: string;
  /** The JSON body of a POST. The pipeline takes it over: it keeps only its bytes (see takeBody). */
  body?: string;
  /** What error messages call it: `journey "welcome"`, `run "1-abc"`. */
  subject: string;
  /** The journey, for an invoke. */
  templateId?: string;
  /** The run, for calls about one run; a 404 then means "no such run". */
  runId?: string;
  /** The user, for an invoke. */
  userId?: string;
  /** What a success must carry, for the message when it does not: `a runId`. */
  expects: string;
  /**
   * Reads a 2xx body (parsed JSON). Undefined when it is not what the endpoint answers. What it
   * returns must have passed through `redact`: the server's strings may echo the key.
   */
  decode(body: unknown, redact: Redactor): T | undefined;
  /** The run id a success reports (telemetry and `onResponse`), when there is one. */
  resultRunId?(result: T): string | undefined;
}

/** Everything the pipeline needs from the client that owns it. */
export interface PipelineSettings {
  origin: string;
  pathPrefix: string;
  authorization: string;
  defaults: CallDefaults;
  slots: ConnectionSlots | undefined;
  queueTimeoutMs: number;
  maxResponseBytes: number;
  hooks: JourneysHooks | undefined;
  telemetry: JourneysTelemetry | undefined;
  errors: ErrorMapper;
  /** The transport (undici's pool or fetch), created on first use. */
  transport(): Transport;
  /** Takes the key out of what the server answers. */
  redact: Redactor;
}

/**
 * Takes the body out of a description that `prepare()` made for this call alone, as the bytes
 * that every attempt sends. One Buffer per call: undici writes a Buffer as it is (a string it
 * would encode again on each attempt), and the string, for a large body the biggest object of the
 * call, is garbage before the first attempt, so 64 calls in flight hold 64 bodies off the JS heap
 * rather than 64 strings that each garbage collection copies or promotes. (Setting the field is
 * what lets go of the string; a copy of the description without it costs more than a small call.)
 */
function takeBody(call: CallDescription<unknown>): Buffer | undefined {
  const { body } = call;
  if (body === undefined) return undefined;
  call.body = undefined;
  return Buffer.from(body);
}

/** What a failure's request id must not echo; built on failures only. */
function sentValues(request: AttemptRequest, event: JourneysCallEvent): SentValues {
  return { idempotencyKey: event.idempotencyKey, body: request.body };
}

/** `X-Idempotency-Expiration` in ISO 8601: Courier's docs read a number as epoch ms, its SDK's as Unix seconds; both read ISO 8601 alike. */
function expirationHeader(expiresAt: Date | undefined): string[] {
  return expiresAt === undefined ? [] : ['x-idempotency-expiration', expiresAt.toISOString()];
}

/** The backoff before a retry; `signal` cuts it short with a `JourneysAbortError`, also when it aborted before the wait (in a hook, say). */
async function sleep(ms: number, signal: AbortSignal | undefined, attempts: number, call: JourneysCallKind): Promise<void> {
  if (!(await abortableDelay(ms, signal))) throw new JourneysAbortError({ cause: signal?.reason, attempts, call });
}

/**
 * Runs described calls for one client, and knows how many are in flight so that `close()` can
 * wait for them.
 */
export class RequestPipeline {
  #inFlight = 0;
  #onIdle: (() => void) | undefined;
  #closed = false;
  readonly #info: Pick<JourneysCallInfo, 'serverAddress' | 'serverPort'>;

  constructor(private readonly settings: PipelineSettings) {
    const url = new URL(settings.origin);
    this.#info = {
      serverAddress: url.hostname,
      serverPort: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
    };
  }

  /**
   * Validates (`prepare` throws a typed error for bad input; nothing is sent then) and runs one
   * call. `prepare` makes a description for this call alone: the pipeline takes its body over. With telemetry, everything from validation to the last attempt runs inside its trace.
   */
  call<T>(
    kind: JourneysCallKind,
    about: { templateId?: unknown; runId?: unknown },
    prepare: () => CallDescription<T>,
    options: CallOptions | undefined,
  ): Promise<T> {
    const telemetry = this.settings.telemetry;
    if (telemetry === undefined) {
      let call: CallDescription<T>;
      try {
        if (this.#closed) throw new JourneysClosedError(kind);
        call = prepare();
      } catch (err) {
        return Promise.reject(err);
      }
      return this.#run(call, takeBody(call), options, undefined);
    }
    const info: JourneysCallInfo = {
      kind,
      method: kind === 'invoke' || kind === 'cancel' ? 'POST' : 'GET',
      serverAddress: this.#info.serverAddress,
      serverPort: this.#info.serverPort,
    };
    if (typeof about.templateId === 'string') info.templateId = about.templateId;
    if (typeof about.runId === 'string') info.runId = about.runId;
    return telemetry.traceCall(info, (observer) => {
      let call: CallDescription<T>;
      try {
        if (this.#closed) throw new JourneysClosedError(kind);
        call = prepare();
      } catch (err) {
        observer?.end({ ok: false, error: err as JourneysError, attempts: 0 });
        return Promise.reject(err);
      }
      if (call.userId !== undefined) info.userId = call.userId;
      return this.#run(call, takeBody(call), options, observer);
    });
  }

  /** Refuses new calls and resolves once the calls in flight have settled. */
  drain(): Promise<void> {
    this.#closed = true;
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => (this.#onIdle = resolve));
  }

  async #run<T>(
    call: CallDescription<T>,
    body: Buffer | undefined,
    options: CallOptions | undefined,
    observer: JourneysCallObserver | undefined,
  ): Promise<T> {
    this.#inFlight++;
    const { hooks, errors } = this.settings;
    const settings: CallSettings = resolveCallSettings(options, this.settings.defaults);
    const { signal, timeoutMs } = settings;
    const event: JourneysCallEvent = {
      kind: call.kind,
      templateId: call.templateId,
      runId: call.runId,
      idempotencyKey: call.method === 'POST' ? (options?.idempotencyKey ?? generateIdempotencyKey()) : undefined,
      attempt: 0,
      userId: call.userId,
    };
    try {
      if (signal?.aborted) throw new JourneysAbortError({ cause: signal.reason, call: call.kind });
      const request = this.#request(call, body, event.idempotencyKey, options?.idempotencyExpiresAt);
      const transport = this.settings.transport();
      let started = 0;
      const onSent =
        hooks === undefined && observer === undefined
          ? undefined
          : () => {
              if (hooks !== undefined) callHook(hooks.onRequest, { ...event });
              observer?.attemptStart?.(event.attempt);
              started = performance.now();
            };
      const { slots, queueTimeoutMs, maxResponseBytes } = this.settings;
      for (;;) {
        event.attempt++;
        let response: AttemptResponse;
        let error: JourneysError;
        let decision: RetryDecision;
        try {
          response = await transport.send({ request, timeoutMs, signal, maxResponseBytes, slots, queueTimeoutMs, onSent });
        } catch (fault) {
          // An attempt that never left the queue was not sent.
          const sent = !(fault instanceof AttemptFault && fault.kind === 'queue-timeout');
          if (!sent) event.attempt--;
          error = errors.fault(fault, timeoutMs, event.attempt, call.kind);
          if (sent) observer?.attemptEnd?.({ attempt: event.attempt, error, durationMs: performance.now() - started });
          decision = decideRetry(error, event.attempt, settings);
          if (!decision.retry) throw error;
          await this.#backoff(event, decision, error, undefined, signal, observer);
          continue;
        }
        const { status } = response;
        if (status >= 200 && status < 300) {
          const parsed = parseBody(response.body);
          const result = call.decode(parsed, this.settings.redact);
          const runId = result === undefined ? undefined : call.resultRunId?.(result);
          if (hooks !== undefined) {
            callHook(
              hooks.onResponse,
              runId === undefined
                ? { ...event, status, durationMs: performance.now() - started }
                : { ...event, status, durationMs: performance.now() - started, runId },
            );
          }
          if (result === undefined) {
            const shape = parsed !== null && typeof parsed === 'object' ? `without ${call.expects}` : 'with a body that is not JSON';
            error = errors.response(
              response,
              `Courier answered ${status} to ${call.subject} ${shape}`,
              event.attempt,
              sentValues(request, event),
              parsed,
            );
            observer?.attemptEnd?.({ attempt: event.attempt, status, error, durationMs: performance.now() - started });
            throw error;
          }
          if (observer !== undefined) {
            observer.attemptEnd?.({ attempt: event.attempt, status, durationMs: performance.now() - started });
            observer.end(runId === undefined ? { ok: true, attempts: event.attempt } : { ok: true, runId, attempts: event.attempt });
          }
          return result;
        }
        if (hooks !== undefined) callHook(hooks.onResponse, { ...event, status, durationMs: performance.now() - started });
        const apiError = errors.response(
          response,
          `Courier answered ${status} to ${call.subject}`,
          event.attempt,
          sentValues(request, event),
          undefined,
          call.runId,
        );
        observer?.attemptEnd?.({ attempt: event.attempt, status, error: apiError, durationMs: performance.now() - started });
        decision = decideRetry(apiError, event.attempt, settings);
        if (!decision.retry) throw apiError;
        await this.#backoff(event, decision, apiError, status, signal, observer);
      }
    } catch (err) {
      const error = err instanceof JourneysError ? err : errors.unexpected(err, event.attempt);
      if (hooks !== undefined) callHook(hooks.onError, { ...event, error });
      observer?.end({ ok: false, error, attempts: event.attempt });
      throw error;
    } finally {
      if (--this.#inFlight === 0 && this.#onIdle !== undefined) this.#onIdle();
    }
  }

  #request(
    call: CallDescription<unknown>,
    body: Buffer | undefined,
    idempotencyKey: string | undefined,
    expiresAt: Date | undefined,
  ): AttemptRequest {
    const { origin, pathPrefix, authorization } = this.settings;
    const headers =
      call.method === 'POST'
        ? [
            'authorization',
            authorization,
            'accept',
            'application/json',
            'content-type',
            'application/json',
            'idempotency-key',
            idempotencyKey as string,
            'user-agent',
            USER_AGENT,
            ...expirationHeader(expiresAt),
          ]
        : ['authorization', authorization, 'accept', 'application/json', 'user-agent', USER_AGENT];
    return {
      origin,
      path: pathPrefix + call.path,
      method: call.method,
      headers,
      body,
      // timeoutMs is the one deadline; undici's own (300 s by default, or an injected dispatcher's) would cut it short.
      headersTimeout: 0,
      bodyTimeout: 0,
    };
  }

  async #backoff(
    event: JourneysCallEvent,
    decision: Extract<RetryDecision, { retry: true }>,
    error: JourneysError,
    status: number | undefined,
    signal: AbortSignal | undefined,
    observer: JourneysCallObserver | undefined,
  ): Promise<void> {
    const { reason, delayMs } = decision;
    if (this.settings.hooks !== undefined) callHook(this.settings.hooks.onRetry, { ...event, reason, delayMs, status, error });
    observer?.retry?.({ attempt: event.attempt, reason, delayMs, status, error });
    await sleep(delayMs, signal, event.attempt, event.kind);
  }
}
