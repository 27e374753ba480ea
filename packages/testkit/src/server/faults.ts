/**
 * Failure injection for the fake Courier server: what can go wrong, and the queue that decides
 * which request it happens to.
 */

import { randomBytes } from 'node:crypto';
import { JourneysConfigurationError } from '@journeykit/core';
import { assertSeed, seededWords } from '../model/ids.js';
import { FAKE_COURIER_ENDPOINTS, type FakeCourierEndpoint } from './routes.js';

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

/**
 * Random faults for soak and chaos tests: each request to an endpoint (invoke, cancel, the run
 * reads) that no injected fault hits gets one of `faults` with probability `rate`.
 */
export interface FakeCourierChaos {
  /** Share of requests that get a fault, from 0 to 1. */
  rate: number;
  /** The faults to draw from, equally likely. Default {@link DEFAULT_CHAOS_FAULTS}. */
  faults?: readonly FakeCourierFault[];
  /** Makes the draw reproducible. Default: random. */
  seed?: number;
}

/**
 * The default chaos mix: every fault a client must survive without losing or repeating a run.
 * Statuses are not stored (they happen in front of Courier), so a retry can recover.
 */
export const DEFAULT_CHAOS_FAULTS: readonly FakeCourierFault[] = Object.freeze([
  { kind: 'drop' },
  { kind: 'create-then-drop' },
  { kind: 'status', status: 429, headers: { 'retry-after': '0' }, stored: false },
  { kind: 'status', status: 503, stored: false },
  { kind: 'stall' },
  { kind: 'slow-body', durationMs: 20 },
]);

/** Which requests a fault hits. */
export interface InjectOptions {
  /**
   * Only requests for this template (decoded ID or alias): its invokes, and the cancels by run id,
   * reads and steps of its runs. Default: any template (and requests that name none: cancels by
   * token, listings).
   */
  templateId?: string;
  /** Only requests to these endpoints, e.g. `'runs.get'` or `['cancel', 'runs.list']`. Default: every endpoint. */
  endpoint?: FakeCourierEndpoint | readonly FakeCourierEndpoint[];
  /** How many matching requests it hits. Default 1; `Infinity` for every one. */
  times?: number;
}

/** The request a fault may hit. */
export interface FaultTarget {
  endpoint: FakeCourierEndpoint;
  /** The template the request is about, when known. */
  templateId: string | undefined;
}

/** A fault waiting to hit requests. */
export interface FakeCourierInjection {
  /** The fault, as injected. */
  readonly fault: FakeCourierFault;
  /** The template it is limited to; `undefined` for any template. */
  readonly templateId: string | undefined;
  /** The endpoints it is limited to; `undefined` for every endpoint. */
  readonly endpoints: readonly FakeCourierEndpoint[] | undefined;
  /** Requests it will still hit (`Infinity` for always, 0 once used up or cancelled). */
  readonly remaining: number;
  /** Stops it hitting further requests. */
  cancel(): void;
}

const KINDS = new Set(['status', 'drop', 'stall', 'slow-body', 'create-then-drop', 'delay']);

function fail(message: string): never {
  throw new JourneysConfigurationError(`inject(): ${message}`);
}

/** Checks a fault given by a test, with messages that say how to fix it. */
function checkFault(fault: unknown): FakeCourierFault {
  if (fault === null || typeof fault !== 'object') fail('the fault must be an object like { kind: "status", status: 503 }');
  const f = fault as Record<string, unknown>;
  if (typeof f.kind !== 'string' || !KINDS.has(f.kind)) fail(`unknown fault kind ${JSON.stringify(f.kind)}; use one of ${[...KINDS].join(', ')}`);
  if (f.kind === 'status') {
    if (!Number.isInteger(f.status) || (f.status as number) < 200 || (f.status as number) > 599)
      fail('status must be a whole number from 200 to 599');
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
    readonly endpoints: readonly FakeCourierEndpoint[] | undefined,
    times: number,
  ) {
    this.remaining = times;
  }
  cancel(): void {
    this.remaining = 0;
  }
}

/** The injected faults, first injected first served; then, if set, the chaos draw. */
export class FaultQueue {
  #injections: Injection[] = [];
  #chaos: { rate: number; faults: readonly FakeCourierFault[]; random: () => number } | undefined;

  /** Starts (or with `undefined`, stops) random faults. */
  setChaos(chaos: FakeCourierChaos | undefined): void {
    if (chaos === undefined) {
      this.#chaos = undefined;
      return;
    }
    if (chaos === null || typeof chaos !== 'object') fail('chaos must be an object like { rate: 0.1 }');
    const { rate, faults = DEFAULT_CHAOS_FAULTS, seed } = chaos;
    if (!(typeof rate === 'number' && rate >= 0 && rate <= 1)) fail('chaos.rate must be a number from 0 to 1');
    if (!Array.isArray(faults) || faults.length === 0) fail('chaos.faults must be a non-empty array of faults');
    const checked = faults.map((f) => checkFault(f));
    assertSeed(seed);
    const words = seededWords(seed ?? randomBytes(4).readUInt32LE(0));
    this.#chaos = { rate, faults: checked, random: () => words() / 2 ** 32 };
  }

  add(fault: unknown, options: InjectOptions = {}): FakeCourierInjection {
    const checked = checkFault(fault);
    const { templateId, endpoint, times = 1 } = options ?? {};
    if (templateId !== undefined && (typeof templateId !== 'string' || templateId === '')) fail('templateId must be a non-empty string');
    if (!(times === Infinity || (Number.isInteger(times) && times > 0))) fail('times must be a whole number > 0, or Infinity');
    const endpoints = endpoint === undefined ? undefined : Object.freeze(Array.isArray(endpoint) ? [...endpoint] : [endpoint as FakeCourierEndpoint]);
    if (endpoints !== undefined && (endpoints.length === 0 || endpoints.some((e) => !FAKE_COURIER_ENDPOINTS.includes(e)))) {
      fail(`endpoint must be one of ${FAKE_COURIER_ENDPOINTS.join(', ')} (or an array of them), got ${JSON.stringify(endpoint)}`);
    }
    const injection = new Injection(checked, templateId, endpoints, times);
    this.#injections.push(injection);
    return injection;
  }

  /** The fault for this request, used up by this call; undefined when none applies. */
  take(target: FaultTarget): FakeCourierFault | undefined {
    this.#injections = this.#injections.filter((i) => i.remaining > 0);
    const hit = this.#injections.find(
      (i) =>
        (i.templateId === undefined || i.templateId === target.templateId) && (i.endpoints === undefined || i.endpoints.includes(target.endpoint)),
    );
    if (hit === undefined) {
      const chaos = this.#chaos;
      if (chaos === undefined || chaos.random() >= chaos.rate) return undefined;
      return chaos.faults[Math.floor(chaos.random() * chaos.faults.length)];
    }
    hit.remaining--;
    return hit.fault;
  }

  clear(): void {
    for (const i of this.#injections) i.cancel();
    this.#injections = [];
    this.#chaos = undefined;
  }
}
