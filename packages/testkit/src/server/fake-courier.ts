/**
 * A real HTTP server that speaks Courier's `POST /journeys/{templateId}/invoke`: bearer check,
 * Courier-like validation (core's rules), Courier's idempotency semantics, Courier-shaped run ids,
 * and scriptable faults. node:http is loaded when a server starts, so importing the test kit
 * for the in-memory fake stays cheap; with require(), not import(), which Jest's default
 * (CommonJS) mode cannot run.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import {
  JourneysValidationError,
  type InvokeRequest,
  type JourneyRun,
  type JourneyRunStatus,
  type JourneyRunStep,
  type ValidationIssue,
} from '@journeykit/core';
import { prepareInvocation, formatIssuePath } from '@journeykit/core/internal';
import { errorBody } from '../model/courier-errors.js';
import { FaultQueue, type FakeCourierChaos, type FakeCourierFault, type FakeCourierInjection, type InjectOptions } from './faults.js';
import { IdempotencyStore, parseKeyExpiration, type StoredResponse } from './idempotency-store.js';
import { RecentItems } from '../model/recent-items.js';
import { createIdSource, type IdSource } from '../model/ids.js';
import { header, JSON_HEADERS, jsonResponse, readBody } from './http-io.js';
import { describeMismatch, recordInvocation, type FakeInvocation } from '../model/invocation.js';
import { TriggerSchemas } from '../model/trigger-schemas.js';
import { checkOptions, urlHost, type FakeCourierOptions, type ServerSettings } from './server-options.js';
import { JourneySettings, type FakeJourneySettings } from '../model/journey-settings.js';
import { checkCancelRequest, parseRunsQuery } from '../model/lifecycle-input.js';
import { JourneyDefinitions, type DefinitionAnswer, type FakeJourneyDefinition } from '../model/journey-definitions.js';
import { ROUTE_LIST, route, type FakeCourierEndpoint } from './routes.js';
import { RunLifecycle, type FakeCancellation } from '../model/run-lifecycle.js';
import { CONSOLE_PREFIX, consoleAccess } from '../console/access.js';
import type { ConsoleBackend } from '../console/backend.js';
import { ConsoleApp } from '../console/console-app.js';

export type { FakeCourierOptions } from './server-options.js';

/** What the server did with a request. */
export type FakeCourierOutcome = 'created' | 'answered' | 'replayed' | 'conflict' | 'rejected' | 'injected';

/** One HTTP request the server received, whatever became of it. */
export interface FakeCourierRequest {
  /** The endpoint it was for; undefined when no route matched (404, 405). */
  endpoint: FakeCourierEndpoint | undefined;
  /** Decoded template of an invoke request, or the template of the run a run request names; else undefined. */
  templateId: string | undefined;
  /** The `Idempotency-Key` header, if sent. */
  idempotencyKey: string | undefined;
  /** When the request asked Courier to forget its key (`X-Idempotency-Expiration`, as sent: Courier holds it to 24 h - 1 year), if it did. */
  idempotencyExpiresAt: Date | undefined;
  /** The HTTP method, e.g. `POST` (others are answered 405). */
  method: string;
  /** Path without the query string. */
  path: string;
  /** The status answered, or what happened instead of an answer. */
  status: number | 'dropped' | 'stalled';
  /**
   * `created`: a new run. `answered`: a cancel or a run read handled. `replayed`: the stored first
   * result for the key. `conflict`: 409, the key's first request was still executing. `rejected`:
   * 401, 400, 404, 405 or 413. `injected`: a fault played instead of handling the request.
   */
  outcome: FakeCourierOutcome;
  /** The run created or replayed, or the run a cancel by id or a run read named; else undefined. */
  runId: string | undefined;
  /** The injected fault that hit this request, if any. */
  fault: FakeCourierFault['kind'] | undefined;
  /** When the request arrived. */
  at: Date;
}

/**
 * A running fake Courier. Point a `JourneysClient` at `url` with the same `apiKey`.
 *
 * @example
 * ```ts
 * const server = await startFakeCourier({ apiKey: 'test-key' });
 * server.inject({ kind: 'status', status: 503, stored: false });
 * const client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, retryDelayMs: 5 });
 * await client.invoke('welcome', { user_id: 'u1' });
 * server.requests.map((r) => r.status); // [503, 200]
 * await client.close();
 * await server.close();
 * ```
 */
export interface FakeCourierServer {
  /** Base URL, e.g. `http://127.0.0.1:53211` (no trailing slash). */
  readonly url: string;
  /** The port it listens on (the free one picked when `port` was 0). */
  readonly port: number;
  /**
   * The web console, e.g. `http://127.0.0.1:53211/_console/` (with `?token=` off loopback); undefined
   * when the `console` option turned it off. It shows runs live, each run's request, key, attempts
   * and steps, and can set statuses, cancel runs, inject faults and clear everything.
   */
  readonly consoleUrl: string | undefined;
  /** Runs created, oldest first: one per run (not replays, not rejected or injected requests). */
  readonly invocations: readonly FakeInvocation[];
  /**
   * Every HTTP request received, in the order each was answered (or dropped, or stalled): the
   * most recent `maxRecords` (default 10,000); `invocations` is bounded the same way.
   */
  readonly requests: readonly FakeCourierRequest[];
  /** How many old entries of `requests` and `invocations` were dropped to stay within `maxRecords`. */
  readonly dropped: {
    /** Entries of `requests` forgotten so far. */
    readonly requests: number;
    /** Entries of `invocations` forgotten so far. */
    readonly invocations: number;
  };
  /** Idempotency keys remembered right now (bounded by `maxIdempotencyKeys`; they expire after 25 h). */
  readonly idempotencyKeys: number;
  /** Cancels accepted, oldest first (not replays, not rejected requests); bounded by `maxRecords`. */
  readonly cancellations: readonly FakeCancellation[];
  /**
   * A run as `GET /journeys/runs/{runId}` reports it right now, or undefined for a run this server
   * did not create (or forgot past `maxRecords`).
   */
  run(runId: string): JourneyRun | undefined;
  /** A run's steps as `GET /journeys/runs/{runId}/steps` reports them right now. */
  runSteps(runId: string): JourneyRunStep[] | undefined;
  /**
   * Moves a run to any status now; its journey's scripted statuses stop applying to it. Throws a
   * JourneysConfigurationError for a run this server does not know.
   *
   * @example
   * ```ts
   * server.setRunStatus(runId, 'PROCESSED');
   * await client.runs.waitFor(runId); // resolves with status PROCESSED
   * ```
   */
  setRunStatus(runId: string, status: JourneyRunStatus): JourneyRun;
  /**
   * Says how one journey behaves from now on: its cancelation token rule and its statuses over
   * time (what is left out falls back to the `catalog` and `runStatuses` options). `reset()` goes
   * back to the options.
   *
   * @example
   * ```ts
   * server.setJourney('order-reminder', {
   *   cancelationToken: (request) => `order-${String(request.data?.order_id)}`,
   *   statuses: [{ status: 'PROCESSING' }, { status: 'WAITING', afterMs: 50 }, { status: 'PROCESSED', afterMs: 500 }],
   * });
   * ```
   */
  setJourney(templateId: string, settings: FakeJourneySettings): void;
  /**
   * Makes the next matching request(s) fail. Faults hit requests to any endpoint unless limited by
   * `endpoint` or `templateId`, first injected first served; each request takes at most one.
   *
   * @example
   * ```ts
   * server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, stored: false });
   * server.inject({ kind: 'drop' }, { templateId: 'welcome', times: 2 });
   * server.inject({ kind: 'create-then-drop' }, { times: Infinity });
   * server.inject({ kind: 'status', status: 503, stored: false }, { endpoint: 'cancel' });
   * ```
   */
  inject(fault: FakeCourierFault, options?: InjectOptions): FakeCourierInjection;
  /**
   * Random faults: each request that no injected fault hits gets one with probability `rate`
   * (default mix: drop, create-then-drop, 429 + Retry-After, 503, stall, slow body). `undefined`
   * stops them; `reset()` too.
   *
   * @example
   * ```ts
   * server.chaos({ rate: 0.2, seed: 7 });
   * ```
   */
  chaos(settings: FakeCourierChaos | undefined): void;
  /**
   * Forgets runs, cancels, requests, idempotency keys and faults, and what `setJourney()` changed;
   * a seeded server restarts its ids.
   */
  reset(): void;
  /** Stops listening and destroys every connection (stalled and keep-alive ones too). */
  close(): Promise<void>;
  /** `close()`, for `await using server = await startFakeCourier()`. */
  [Symbol.asyncDispose](): Promise<void>;
}

function expirationDate(value: string | undefined): Date | undefined {
  const at = parseKeyExpiration(value);
  return at === undefined ? undefined : new Date(at);
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
/**
 * Courier's API overview: "The maximum request body size for all Courier API endpoints is 6 MB",
 * then 413. The exact edge is not published; the fake reads MB as MiB, the larger reading.
 */
const COURIER_MAX_BODY_BYTES = 6 * 1024 * 1024;

type HttpModule = typeof import('node:http');
type Recorded = Omit<FakeCourierRequest, 'status' | 'outcome'>;
/** Cancel keys live apart from invoke keys, so one key string used for both never replays the other's answer. */
const CANCEL_KEY_SCOPE = 'cancel\u0000';
interface Reply {
  response: StoredResponse;
  outcome: FakeCourierOutcome;
  /** The request failed validation: the endpoint never ran, so its key keeps no result. */
  invalid?: boolean;
  /** Extra words for the log line. */
  note?: string;
}

function parseJson(raw: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return undefined;
  }
}

/** The run a cancel body names, for the request log and template-limited faults; undefined if none. */
function peekRunId(raw: Buffer): string | undefined {
  const runId = (parseJson(raw)?.value as { run_id?: unknown } | null | undefined)?.run_id;
  return typeof runId === 'string' && runId !== '' ? runId : undefined;
}

function invalid(what: string, issues: ValidationIssue[]): Reply {
  const message = `${what}: ${issues.map((i) => (i.path.length === 0 ? i.message : `${formatIssuePath(i.path)}: ${i.message}`)).join('; ')}`;
  return { response: jsonResponse(400, errorBody(400, message)), outcome: 'rejected', invalid: true };
}

/**
 * The invoke fields Courier documents (courier-node JourneyInvokeParams: data, profile, user_id).
 * Courier names no rule against others, so they are accepted and left out, not refused.
 */
function documentedFields(body: unknown): InvokeRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body as InvokeRequest;
  const { user_id, profile, data } = body as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  if (user_id !== undefined) picked.user_id = user_id;
  if (profile !== undefined) picked.profile = profile;
  if (data !== undefined) picked.data = data;
  return picked;
}

function notFound(runId: string): Reply {
  const message = `Run ${JSON.stringify(runId)} not found: it does not exist or is past its retention`;
  return { response: jsonResponse(404, errorBody(404, message)), outcome: 'rejected' };
}

class FakeCourier implements FakeCourierServer {
  url = '';
  port = 0;
  readonly #apiKey: string;
  readonly #seed: number | undefined;
  readonly #log: ((line: string) => void) | undefined;
  readonly #statusText: HttpModule['STATUS_CODES'];
  readonly #invocations: RecentItems<FakeInvocation>;
  readonly #requests: RecentItems<FakeCourierRequest>;
  readonly #faults = new FaultQueue();
  readonly #keys: IdempotencyStore;
  readonly #lifecycle: RunLifecycle;
  readonly #definitions: JourneyDefinitions;
  readonly #schemas: TriggerSchemas;
  readonly #strictSchemas: boolean;
  readonly #sockets = new Set<Socket>();
  readonly #waits = new Set<() => void>();
  readonly #now: () => number;
  readonly #console: ConsoleApp | undefined;
  #ids: IdSource;
  #requestCount = 0;
  #server: Server | undefined;
  #closing: Promise<void> | undefined;

  constructor(settings: ServerSettings, statusText: HttpModule['STATUS_CODES']) {
    this.#apiKey = settings.apiKey;
    this.#seed = settings.seed;
    this.#log = settings.log;
    this.#statusText = statusText;
    this.#ids = createIdSource(settings.seed);
    this.#invocations = new RecentItems(settings.maxRecords);
    this.#requests = new RecentItems(settings.maxRecords);
    this.#now = settings.now;
    this.#keys = new IdempotencyStore({ ttlMs: settings.idempotencyKeyTtlMs, maxKeys: settings.maxIdempotencyKeys }, settings.now);
    const journeys = new JourneySettings(settings.journeys, settings.catalog, settings.runStatuses);
    this.#lifecycle = new RunLifecycle(journeys, settings.maxRecords, () => this.#ids, settings.now);
    this.#definitions = new JourneyDefinitions(settings.journeyDefinitions ?? []);
    this.#schemas = new TriggerSchemas((templateId) => this.#definitions.published(templateId));
    this.#strictSchemas = settings.strictTriggerSchemas;
    if (settings.chaos !== undefined) this.#faults.setChaos(settings.chaos);
    const access = consoleAccess(settings.host, settings.console);
    this.#console = access === undefined ? undefined : new ConsoleApp(this.#consoleBackend(settings.journeyDefinitions ?? []), access);
  }

  get consoleUrl(): string | undefined {
    return this.url === '' ? undefined : this.#console?.urlFor(this.url);
  }

  /** What the console may read and do: the server's own operations, nothing else. */
  #consoleBackend(definitions: readonly FakeJourneyDefinition[]): ConsoleBackend {
    const lifecycle = this.#lifecycle;
    return {
      url: () => this.url,
      invocations: () => this.invocations,
      requests: () => this.requests,
      definitions,
      published: (templateId) => this.#definitions.published(templateId),
      run: (runId) => this.run(runId),
      runSteps: (runId) => this.runSteps(runId),
      nextStatusChangeIn: (runId) => lifecycle.store.nextChangeIn(runId),
      setRunStatus: (runId, status) => this.setRunStatus(runId, status),
      cancelRun: (runId) => (lifecycle.cancel({ run_id: runId }, undefined, new Date(this.#now())) === undefined ? undefined : lifecycle.get(runId)),
      inject: (fault, options) => this.inject(fault, options),
      reset: () => this.reset(),
      onRunChange: (listener) => lifecycle.store.onChange(listener),
    };
  }

  get invocations(): readonly FakeInvocation[] {
    return this.#invocations.items;
  }

  get requests(): readonly FakeCourierRequest[] {
    return this.#requests.items;
  }

  get dropped(): { requests: number; invocations: number } {
    return { requests: this.#requests.dropped, invocations: this.#invocations.dropped };
  }

  get idempotencyKeys(): number {
    return this.#keys.size;
  }

  get cancellations(): readonly FakeCancellation[] {
    return this.#lifecycle.cancellations;
  }

  run(runId: string): JourneyRun | undefined {
    return this.#lifecycle.get(runId);
  }

  runSteps(runId: string): JourneyRunStep[] | undefined {
    return this.#lifecycle.steps(runId);
  }

  setRunStatus(runId: string, status: JourneyRunStatus): JourneyRun {
    return this.#lifecycle.setRunStatus(runId, status);
  }

  setJourney(templateId: string, settings: FakeJourneySettings): void {
    this.#lifecycle.settings.set(templateId, settings);
  }

  inject(fault: FakeCourierFault, options?: InjectOptions): FakeCourierInjection {
    return this.#faults.add(fault, options);
  }

  chaos(settings: FakeCourierChaos | undefined): void {
    this.#faults.setChaos(settings);
  }

  reset(): void {
    this.#invocations.clear();
    this.#requests.clear();
    this.#faults.clear();
    this.#keys.clear();
    this.#lifecycle.clear();
    this.#lifecycle.settings.reset();
    this.#ids = createIdSource(this.#seed);
  }

  /** For `await using`: closes at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const cancel of this.#waits) cancel();
      const server = this.#server;
      if (server === undefined) return resolve();
      server.close(() => resolve());
      for (const socket of this.#sockets) socket.destroy();
    });
    this.#console?.close();
    return this.#closing;
  }

  [inspectSymbol](): string {
    return `FakeCourierServer { url: '${this.url}', apiKey: '[redacted]', invocations: ${this.#invocations.items.length}, requests: ${this.#requests.items.length} }`;
  }

  toJSON(): { url: string } {
    return { url: this.url };
  }

  async listen(http: HttpModule, port: number, host: string): Promise<void> {
    const server = http.createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        // A bug here must not take the test process down: answer 500 and say why.
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, JSON_HEADERS).end(JSON.stringify(errorBody(500, `fake Courier failed: ${String(err)}`)));
        }
      });
    });
    server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : port;
    this.url = `http://${urlHost(host)}:${this.port}`;
    this.#server = server;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const [path = '/', queryText = ''] = (req.url ?? '/').split('?', 2) as [string, string?];
    if (this.#console !== undefined && (path === CONSOLE_PREFIX || path.startsWith(`${CONSOLE_PREFIX}/`))) {
      return this.#console.handle(req, res, path, queryText);
    }
    const arrived = this.#now();
    const rec: Recorded = {
      endpoint: undefined,
      templateId: undefined,
      idempotencyKey: header(req, 'idempotency-key'),
      idempotencyExpiresAt: expirationDate(header(req, 'x-idempotency-expiration')),
      method,
      path,
      runId: undefined,
      fault: undefined,
      at: new Date(arrived),
    };
    this.#console?.arrived(rec, req.rawHeaders);
    const routed = route(method, path);
    if (routed.kind === 'not-found') {
      req.resume();
      const message = `No route for ${method} ${path}: this fake serves ${ROUTE_LIST}`;
      return this.#send(res, rec, { response: jsonResponse(404, errorBody(404, message)), outcome: 'rejected' });
    }
    if (routed.kind === 'method-not-allowed') {
      req.resume();
      const message = `Method ${method} not allowed: use ${routed.allow}`;
      return this.#send(res, rec, { response: jsonResponse(405, errorBody(405, message), { allow: routed.allow }), outcome: 'rejected' });
    }
    const endpoint = routed.endpoint;
    rec.endpoint = endpoint;
    if (routed.raw !== undefined) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(routed.raw);
      } catch {
        req.resume();
        const message = `The ${routed.param === 'runId' ? 'run ID' : 'template ID'} in the path is not valid percent-encoding`;
        return this.#send(res, rec, { response: jsonResponse(400, errorBody(400, message)), outcome: 'rejected' });
      }
      if (routed.param === 'templateId') rec.templateId = decoded;
      else {
        rec.runId = decoded;
        rec.templateId = this.#lifecycle.get(decoded)?.template_id;
      }
    }

    let raw: Buffer | undefined;
    if (method === 'POST') {
      const body = await readBody(req, COURIER_MAX_BODY_BYTES);
      if (body === 'aborted') return this.#record(rec, 'dropped', 'rejected', 'the client went away mid-request');
      if (body === 'too-large') {
        const message = `Request body over 6 MB (${COURIER_MAX_BODY_BYTES} bytes)`;
        return this.#send(res, rec, { response: jsonResponse(413, errorBody(413, message), { connection: 'close' }), outcome: 'rejected' });
      }
      raw = body;
      this.#console?.body(rec, raw);
      if (endpoint === 'cancel') rec.runId = peekRunId(raw);
      if (endpoint === 'cancel' && rec.runId !== undefined) rec.templateId = this.#lifecycle.get(rec.runId)?.template_id;
    } else {
      req.resume();
    }

    const fault = this.#faults.take({ endpoint, templateId: rec.templateId });
    rec.fault = fault?.kind;
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return this.#record(rec, 'dropped', 'injected');
    }
    if (fault?.kind === 'stall') {
      // Nothing is written; close() or the client's own timeout ends it.
      return this.#record(rec, 'stalled', 'injected');
    }
    if (!this.#authorized(req)) {
      const response = jsonResponse(401, errorBody(401, 'Unauthorized: send Authorization: Bearer <the fake server apiKey>'), {
        'www-authenticate': 'Bearer',
      });
      return this.#send(res, rec, { response, outcome: 'rejected' }, fault);
    }
    if (raw === undefined) {
      // A read: nothing to replay, so a status fault is simply the answer.
      if (fault?.kind === 'status') return this.#send(res, rec, { response: this.#injectedResponse(fault), outcome: 'injected' }, fault);
      if (fault?.kind === 'delay' && !(await this.#wait(fault.durationMs))) return;
      return this.#send(res, rec, this.#read(endpoint, rec, queryText), fault);
    }

    // Courier documents no rule on a key's length or characters: any key HTTP carries is taken.
    const key = rec.idempotencyKey;
    if (fault?.kind === 'status' && fault.stored === false) {
      return this.#send(res, rec, { response: this.#injectedResponse(fault), outcome: 'injected' }, fault);
    }

    const storeKey = key === undefined ? undefined : endpoint === 'cancel' ? CANCEL_KEY_SCOPE + key : key;
    if (storeKey !== undefined) {
      const entry = this.#keys.lookup(storeKey);
      if (entry?.state === 'executing') {
        const message = 'A request with this Idempotency-Key is still being processed; retry later';
        return this.#send(res, rec, { response: jsonResponse(409, errorBody(409, message)), outcome: 'conflict' }, fault);
      }
      if (entry?.state === 'done') {
        if (fault?.kind === 'delay' && !(await this.#wait(fault.durationMs))) return;
        rec.runId = entry.response.runId ?? rec.runId;
        return this.#send(res, rec, { response: entry.response, outcome: 'replayed' }, fault);
      }
      this.#keys.begin(storeKey, this.#keys.expiryFor(header(req, 'x-idempotency-expiration')));
    }
    if (fault?.kind === 'delay' && !(await this.#wait(fault.durationMs))) {
      if (storeKey !== undefined) this.#keys.abandon(storeKey);
      return;
    }

    let reply: Reply;
    if (fault?.kind === 'status') reply = { response: this.#injectedResponse(fault), outcome: 'injected' };
    // The moment of the cancel is when it is handled, not when it arrived: a delay fault moves it.
    else if (endpoint === 'cancel') reply = this.#cancel(raw, key);
    else reply = this.#execute(rec.templateId as string, raw, key, rec.at);
    if (storeKey !== undefined) {
      // idempotent-requests.mdx: a request that failed validation saves no result; a retry with the key runs afresh.
      if (reply.invalid === true) this.#keys.abandon(storeKey);
      else this.#keys.complete(storeKey, reply.response);
    }
    if (endpoint === 'invoke') rec.runId = reply.response.runId;
    return this.#send(res, rec, reply, fault);
  }

  /** `POST /journeys/cancel`: by token, every unfinished run sharing it; by id, that run unless finished. */
  #cancel(raw: Buffer, key: string | undefined): Reply {
    const body = parseJson(raw);
    if (body === undefined)
      return { response: jsonResponse(400, errorBody(400, 'The request body must be JSON')), outcome: 'rejected', invalid: true };
    const checked = checkCancelRequest(body.value);
    if (!checked.ok) return invalid('Invalid cancel request', checked.issues);
    const cancellation = this.#lifecycle.cancel(checked.value, key, new Date(this.#now()));
    if (cancellation === undefined) return notFound(checked.value.run_id as string);
    const note =
      checked.value.run_id === undefined
        ? `token=${checked.value.cancelation_token} canceled=${cancellation.canceledRunIds.length}`
        : `status=${(cancellation.result as { status: string }).status}`;
    return { response: jsonResponse(202, cancellation.result), outcome: 'answered', note };
  }

  /** The reads: one run, its steps, or a page of runs; the journey definitions. */
  #read(endpoint: FakeCourierEndpoint, rec: Recorded, queryText: string): Reply {
    const runId = rec.runId;
    if (endpoint === 'journeys.list' || endpoint === 'journeys.get' || endpoint === 'journeys.versions') {
      const params = new URLSearchParams(queryText);
      const templateId = rec.templateId as string;
      const answer: DefinitionAnswer =
        endpoint === 'journeys.list'
          ? this.#definitions.list(params)
          : endpoint === 'journeys.get'
            ? this.#definitions.get(templateId, params)
            : this.#definitions.versions(templateId);
      if (answer.message !== undefined) {
        return {
          response: jsonResponse(answer.status, errorBody(answer.status, answer.message)),
          outcome: 'rejected',
          invalid: answer.status === 400,
        };
      }
      return { response: jsonResponse(answer.status, answer.body), outcome: 'answered' };
    }
    if (endpoint === 'runs.list') {
      const query = parseRunsQuery(new URLSearchParams(queryText));
      if (!query.ok) return invalid('Invalid runs query', query.issues);
      const page = this.#lifecycle.page(query.value);
      return {
        response: jsonResponse(200, page),
        outcome: 'answered',
        note: `runs=${page.runs.length}${page.next_cursor === undefined ? '' : ' more'}`,
      };
    }
    const id = runId as string;
    if (endpoint === 'runs.get') {
      const run = this.#lifecycle.get(id);
      return run === undefined ? notFound(id) : { response: jsonResponse(200, { run }), outcome: 'answered', note: `status=${String(run.status)}` };
    }
    const steps = this.#lifecycle.steps(id);
    return steps === undefined ? notFound(id) : { response: jsonResponse(200, { steps }), outcome: 'answered', note: `steps=${steps.length}` };
  }

  #authorized(req: IncomingMessage): boolean {
    const match = /^Bearer +(.+)$/i.exec(header(req, 'authorization') ?? '');
    return match !== null && match[1] === this.#apiKey;
  }

  /** Validates like Courier (core's rules) and creates the run. */
  #execute(templateId: string, raw: Buffer, key: string | undefined, at: Date): Reply {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return { response: jsonResponse(400, errorBody(400, 'The request body must be JSON')), outcome: 'rejected', invalid: true };
    }
    try {
      const prepared = prepareInvocation(templateId, documentedFields(body), undefined, COURIER_MAX_BODY_BYTES);
      const request = JSON.parse(prepared.body) as InvokeRequest;
      const mismatch = this.#schemas.check(templateId, request.data);
      if (mismatch !== undefined && this.#strictSchemas) {
        const message = `Invalid request (strictTriggerSchemas): ${describeMismatch(templateId, mismatch)}`;
        return { response: jsonResponse(400, errorBody(400, message)), outcome: 'rejected', invalid: true, note: message };
      }
      const runId = this.#ids.runId();
      const invocation = recordInvocation(prepared, key, runId, at);
      const { token, tokenError } = this.#lifecycle.startRun(templateId, invocation.request, runId, at, mismatch !== undefined);
      if (token !== undefined) invocation.cancelationToken = token;
      if (mismatch !== undefined) invocation.triggerSchemaMismatch = mismatch;
      this.#invocations.push(invocation);
      const notes = [prepared.userId === undefined ? 'user=(contact info)' : `user=${prepared.userId}`];
      if (token !== undefined) notes.push(`token=${token}`);
      if (tokenError !== undefined) notes.push(`no token: ${tokenError}`);
      if (mismatch !== undefined) notes.push(`run ERROR: ${describeMismatch(templateId, mismatch)}`);
      return { response: { ...jsonResponse(200, { runId }), runId }, outcome: 'created', note: notes.join(' ') };
    } catch (err) {
      if (!(err instanceof JourneysValidationError)) throw err;
      const message = `Invalid request: ${err.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`).join('; ')}`;
      return { response: jsonResponse(400, errorBody(400, message)), outcome: 'rejected', invalid: true };
    }
  }

  #injectedResponse(fault: Extract<FakeCourierFault, { kind: 'status' }>): StoredResponse {
    const { status, headers = {} } = fault;
    const body = fault.body === undefined ? errorBody(status, this.#statusText[status] ?? `Status ${status}`) : fault.body;
    if (typeof body === 'string') return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body, runId: undefined };
    return jsonResponse(status, body, headers);
  }

  /** Answers, or plays the transport fault (`slow-body`, `create-then-drop`) around the answer. */
  async #send(res: ServerResponse, rec: Recorded, reply: Reply, fault?: FakeCourierFault): Promise<void> {
    const { status, headers, body } = reply.response;
    if (fault?.kind === 'create-then-drop') {
      res.socket?.destroy();
      return this.#record(rec, 'dropped', reply.outcome, reply.note);
    }
    if (res.destroyed || res.socket === null || res.socket.destroyed) {
      // The client gave up (e.g. timed out during a delay): the result stands, nobody reads it.
      return this.#record(rec, status, reply.outcome, reply.note);
    }
    const payload = Buffer.from(body, 'utf8');
    res.writeHead(status, { ...headers, 'content-length': String(payload.length), 'x-request-id': `fake-${++this.#requestCount}` });
    this.#record(rec, status, reply.outcome, reply.note, body);
    if (fault?.kind !== 'slow-body' || payload.length === 0) {
      res.end(payload);
      return;
    }
    const steps = Math.min(payload.length, 10);
    const size = Math.ceil(payload.length / steps);
    for (let i = 0; i < steps; i++) {
      if (!(await this.#wait(fault.durationMs / steps)) || res.destroyed) return;
      const chunk = payload.subarray(i * size, (i + 1) * size);
      if (i === steps - 1) res.end(chunk);
      else res.write(chunk);
    }
  }

  #record(rec: Recorded, status: FakeCourierRequest['status'], outcome: FakeCourierOutcome, note?: string, answer?: string): void {
    const entry: FakeCourierRequest = { ...rec, status, outcome };
    this.#requests.push(entry);
    this.#console?.recorded(rec, entry, note, answer);
    if (this.#log === undefined) return;
    const parts = [`${entry.method} ${entry.path}`, '->', String(status), outcome];
    if (entry.fault !== undefined) parts.push(`fault=${entry.fault}`);
    if (entry.runId !== undefined) parts.push(`runId=${entry.runId}`);
    if (entry.idempotencyKey !== undefined) parts.push(`key=${entry.idempotencyKey}`);
    if (note !== undefined) parts.push(note);
    try {
      this.#log(parts.join(' '));
    } catch {
      // A broken logger must not break the server.
    }
  }

  /** Resolves true after `ms`, or false as soon as the server closes. */
  #wait(ms: number): Promise<boolean> {
    if (this.#closing !== undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      const cancel = (): void => {
        clearTimeout(timer);
        this.#waits.delete(cancel);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.#waits.delete(cancel);
        resolve(true);
      }, ms);
      this.#waits.add(cancel);
    });
  }
}

/**
 * Starts a fake Courier on 127.0.0.1 (a free port by default). Always `close()` it, e.g. in `afterAll`.
 *
 * @example
 * ```ts
 * import { JourneysClient } from '@journeykit/core';
 * import { startFakeCourier } from '@journeykit/testkit';
 *
 * const server = await startFakeCourier({ apiKey: 'test-key' });
 * const client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url });
 * const { runId } = await client.invoke('welcome', { user_id: 'u1' });
 * server.invocations[0]?.runId === runId; // true
 * await client.close();
 * await server.close();
 * ```
 */
export async function startFakeCourier(options: FakeCourierOptions = {}): Promise<FakeCourierServer> {
  const settings = checkOptions(options);
  const http = createRequire(import.meta.url)('node:http') as HttpModule;
  const courier = new FakeCourier(settings, http.STATUS_CODES);
  await courier.listen(http, settings.port, settings.host);
  return courier;
}
