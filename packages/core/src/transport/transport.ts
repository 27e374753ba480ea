/**
 * One HTTP attempt over an undici dispatcher, with a deadline that covers the whole response
 * (headers and body), a cap on the body size, and the caller's abort signal. It speaks undici's
 * handler protocol directly: no stream objects per call, which keeps the hot path lean.
 * It reports what happened and nothing more: whether to retry is decided in retry-policy.ts.
 * It never throws anything but {@link AttemptFault}.
 *
 * With {@link ConnectionSlots}, an attempt first waits for a free connection. The per-attempt
 * deadline starts when the attempt is handed to a connection (sent), not while it waits: time
 * in the queue is bounded by its own limit and reported as its own fault ('queue-timeout').
 */
import { AsyncResource } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Dispatcher } from 'undici';
import { MAX_TIMER_MS, onAbort } from '../shared/abort-listeners.js';
import type { QueuePlace, SlotWaiter } from './connection-slots.js';
import { AttemptFault, type AttemptInput, type AttemptResponse, type Transport } from './attempt.js';
import { thrownText } from '../shared/thrown-text.js';

function detailOf(err: unknown): AttemptFault['detail'] {
  if (err instanceof Error) {
    return { name: err.name, code: (err as { code?: string }).code, message: err.message };
  }
  return { message: thrownText(err) };
}

// What undici publishes as it creates each request; tracers subscribe to it.
const undiciRequestCreated = diagnosticsChannel.channel('undici:request:create');

class AttemptHandler implements SlotWaiter {
  private status = 0;
  private rawHeaders: (Buffer | string)[] = [];
  private chunks: Buffer[] = [];
  private size = 0;
  private abortRequest: ((reason?: unknown) => void) | undefined;
  private settled = false;
  private holdsSlot = false;
  private place: QueuePlace | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly resolve: (res: AttemptResponse) => void,
    private readonly reject: (fault: AttemptFault) => void,
    private readonly input: AttemptInput,
    private readonly dispatcher: Dispatcher,
  ) {}

  start(): void {
    const { signal, slots } = this.input;
    if (signal !== undefined) this.unsubscribe = onAbort(signal, () => this.fail(new AttemptFault('abort', { reason: signal.reason })));
    if (slots === undefined) {
      this.send();
    } else if (slots.tryAcquire()) {
      this.holdsSlot = true;
      this.send();
    } else {
      // The grant comes from whichever call frees a connection; without this, the attempt would be
      // dispatched in that call's async context, and a tracer would file its HTTP span under that call.
      this.grant = AsyncResource.bind(this.grant.bind(this));
      this.place = slots.enqueue(this);
      this.timer = setTimeout(() => this.fail(new AttemptFault('queue-timeout')), Math.min(this.input.queueTimeoutMs ?? MAX_TIMER_MS, MAX_TIMER_MS));
    }
  }

  /** A connection is free for this attempt. */
  grant(): void {
    this.holdsSlot = true;
    // Its deadline or abort came between the release and this grant: pass the slot on unused.
    if (this.settled) this.releaseSlot();
    else {
      clearTimeout(this.timer);
      this.send();
    }
  }

  private send(): void {
    this.input.onSent?.();
    // A hook told of the send may abort the call's signal: then nothing goes out.
    if (this.settled) {
      this.releaseSlot();
      return;
    }
    this.timer = setTimeout(() => this.fail(new AttemptFault('timeout')), Math.min(this.input.timeoutMs, MAX_TIMER_MS));
    try {
      this.dispatcher.dispatch(this.input.request, this as unknown as Dispatcher.DispatchHandler);
    } catch (err) {
      this.onError(err);
    }
  }

  releaseSlot(): void {
    if (!this.holdsSlot) return;
    this.holdsSlot = false;
    this.input.slots?.release();
  }

  private finish(): void {
    this.settled = true;
    clearTimeout(this.timer);
    this.unsubscribe?.();
  }

  /**
   * Settles with a fault. Still queued: it leaves the queue, no connection touched. Dispatched but
   * not yet written: undici drops it when it comes up. In flight: undici closes that socket.
   */
  private fail(fault: AttemptFault): void {
    if (this.settled) return;
    this.finish();
    if (this.place !== undefined) this.input.slots?.leave(this.place);
    this.reject(fault);
    this.abortRequest?.(new Error(`journeykit: attempt ended (${fault.kind})`));
  }

  onConnect(abort: (reason?: unknown) => void): void {
    if (this.settled) abort(new Error('journeykit: attempt ended before it was sent'));
    else this.abortRequest = abort;
  }

  onHeaders(status: number, rawHeaders: (Buffer | string)[]): boolean {
    this.status = status;
    this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.input.maxResponseBytes) {
      this.fail(new AttemptFault('too-large'));
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    // The connection is free again whatever this attempt's fate was, but not yet for undici: it makes
    // a keep-alive socket reusable a turn later (its HTTP/1 client resumes in a setImmediate after the
    // message completes). A slot freed now sends the next attempt into undici's own queue, dispatched
    // later from another call's async context. That costs nothing, unless a tracer watches undici's
    // requests (OpenTelemetry's undici instrumentation): it would file the HTTP span under the wrong
    // call. Then the slot waits for undici; otherwise it is freed at once, which keeps a saturated pool fast.
    if (this.holdsSlot) {
      if (undiciRequestCreated.hasSubscribers) setImmediate(releaseAfterUndiciResumes, this);
      else this.releaseSlot();
    }
    if (this.settled) return;
    this.finish();
    const body = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.resolve({ status: this.status, rawHeaders: this.rawHeaders, body });
  }

  onError(err: unknown): void {
    this.releaseSlot();
    if (this.settled) return;
    this.finish();
    const code = (err as { code?: string } | null)?.code;
    const timedOut = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
    this.reject(new AttemptFault(timedOut ? 'timeout' : 'connection', detailOf(err)));
  }

  onUpgrade(): void {
    this.onError(new Error('unexpected protocol upgrade'));
  }
}

// Two turns: undici schedules its resume in a setImmediate queued just after this handler's onComplete returns.
function releaseAfterUndiciResumes(handler: AttemptHandler): void {
  setImmediate(releaseNow, handler);
}

function releaseNow(handler: AttemptHandler): void {
  handler.releaseSlot();
}

/** Sends one attempt. Resolves with any complete response (any status); rejects with an {@link AttemptFault}. */
function sendAttempt(dispatcher: Dispatcher, input: AttemptInput): Promise<AttemptResponse> {
  const { signal } = input;
  // An abort that came while the call was getting ready must stop it before anything is sent.
  if (signal?.aborted) return Promise.reject(new AttemptFault('abort', { reason: signal.reason }));
  return new Promise<AttemptResponse>((resolve, reject) => {
    new AttemptHandler(resolve, reject, input, dispatcher).start();
  });
}

/**
 * The Node transport: attempts go straight to an undici dispatcher through {@link sendAttempt}, the
 * path the benchmarks measure. A dispatcher the client created is closed with it; an injected one is not.
 */
export class UndiciTransport implements Transport {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly owned: boolean,
  ) {}

  send(input: AttemptInput): Promise<AttemptResponse> {
    return sendAttempt(this.dispatcher, input);
  }

  close(): Promise<void> {
    return this.owned ? this.dispatcher.close() : Promise.resolve();
  }
}
