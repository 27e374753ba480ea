/**
 * Failure injection for the fake Courier server: what can go wrong, and the queue that decides
 * which request it happens to.
 */

/**
 * One fault the fake server can play.
 *
 * - `status`: answer `status` with `headers` and `body` (default: a Courier-like
 *   `{ message, type }`). `stored` (default true) says whether Courier's idempotency layer saw it:
 *   true stores it as the key's result, so retries with that key get it replayed (Courier does
 *   this, 500s included); false models a fault in front of Courier (a rate limiter, a load
 *   balancer), so a retry with the same key runs afresh.
 * - `drop`: destroy the connection before answering; nothing is created or stored.
 * - `stall`: never answer; the connection stays open until the client gives up or the server closes.
 * - `slow-body`: handle the request normally, send the headers, then trickle the body over `durationMs`.
 * - `create-then-drop`: handle the request normally (create the run and store it under the
 *   key), then destroy the connection instead of answering: the case idempotency keys exist for.
 * - `delay`: hold the request `durationMs` before handling it; a new run's key counts as
 *   executing meanwhile, so a concurrent request with that key gets 409.
 */
export type FakeCourierFault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown; stored?: boolean }
  | { kind: 'drop' }
  | { kind: 'stall' }
  | { kind: 'slow-body'; durationMs: number }
  | { kind: 'create-then-drop' }
  | { kind: 'delay'; durationMs: number };

/** Which requests a fault hits. */
export interface InjectOptions {
  /** Only requests for this template (decoded ID or alias). Default: any template. */
  templateId?: string;
  /** How many matching requests it hits. Default 1; `Infinity` for every one. */
  times?: number;
}

/** A fault waiting to hit requests. */
export interface FakeCourierInjection {
  readonly fault: FakeCourierFault;
  readonly templateId: string | undefined;
  /** Requests it will still hit (`Infinity` for always, 0 once used up or cancelled). */
  readonly remaining: number;
  /** Stops it hitting further requests. */
  cancel(): void;
}

const KINDS = new Set(['status', 'drop', 'stall', 'slow-body', 'create-then-drop', 'delay']);

function fail(message: string): never {
  throw new TypeError(`inject(): ${message}`);
}

/** Checks a fault given by a test, with messages that say how to fix it. */
export function checkFault(fault: unknown): FakeCourierFault {
  if (fault === null || typeof fault !== 'object') fail('the fault must be an object like { kind: "status", status: 503 }');
  const f = fault as Record<string, unknown>;
  if (typeof f.kind !== 'string' || !KINDS.has(f.kind)) fail(`unknown fault kind ${JSON.stringify(f.kind)}; use one of ${[...KINDS].join(', ')}`);
  if (f.kind === 'status') {
    if (!Number.isInteger(f.status) || (f.status as number) < 200 || (f.status as number) > 599) fail('status must be a whole number from 200 to 599');
    if (f.headers !== undefined) {
      if (f.headers === null || typeof f.headers !== 'object') fail('headers must be an object of strings');
      for (const [name, value] of Object.entries(f.headers)) {
        if (typeof value !== 'string') fail(`header ${name} must be a string`);
      }
    }
    if (f.stored !== undefined && typeof f.stored !== 'boolean') fail('stored must be a boolean');
  }
  if ((f.kind === 'slow-body' || f.kind === 'delay') && !(typeof f.durationMs === 'number' && f.durationMs >= 0 && Number.isFinite(f.durationMs))) {
    fail(`${f.kind} needs durationMs, a number of milliseconds >= 0`);
  }
  return fault as FakeCourierFault;
}

class Injection implements FakeCourierInjection {
  remaining: number;
  constructor(
    readonly fault: FakeCourierFault,
    readonly templateId: string | undefined,
    times: number,
  ) {
    this.remaining = times;
  }
  cancel(): void {
    this.remaining = 0;
  }
}

/** The injected faults, first injected first served. */
export class FaultQueue {
  #injections: Injection[] = [];

  add(fault: unknown, options: InjectOptions = {}): FakeCourierInjection {
    const checked = checkFault(fault);
    const { templateId, times = 1 } = options ?? {};
    if (templateId !== undefined && (typeof templateId !== 'string' || templateId === '')) fail('templateId must be a non-empty string');
    if (!(times === Infinity || (Number.isInteger(times) && times > 0))) fail('times must be a whole number > 0, or Infinity');
    const injection = new Injection(checked, templateId, times);
    this.#injections.push(injection);
    return injection;
  }

  /** The fault for a request to `templateId`, used up by this call; undefined when none applies. */
  take(templateId: string): FakeCourierFault | undefined {
    this.#injections = this.#injections.filter((i) => i.remaining > 0);
    const hit = this.#injections.find((i) => i.templateId === undefined || i.templateId === templateId);
    if (hit === undefined) return undefined;
    hit.remaining--;
    return hit.fault;
  }

  clear(): void {
    for (const i of this.#injections) i.cancel();
    this.#injections = [];
  }
}
