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
  DEFAULT_MAX_REQUEST_BYTES,
  JourneysValidationError,
  formatIssuePath,
  type InvokeRequest,
} from '@journeykit/core';
import { collectOptionIssues, prepareInvocation } from '@journeykit/core/internal';
import { errorBody } from './courier-errors.js';
import { FaultQueue, type FakeCourierChaos, type FakeCourierFault, type FakeCourierInjection, type InjectOptions } from './faults.js';
import { IdempotencyStore, parseKeyExpiration, type StoredResponse } from './idempotency-store.js';
import { RecentItems } from './recent-items.js';
import { createIdSource, type IdSource } from './ids.js';
import { header, JSON_HEADERS, jsonResponse, readBody } from './http-io.js';
import { recordInvocation, type FakeInvocation } from './invocation.js';
import { checkOptions, urlHost, type FakeCourierOptions, type ServerSettings } from './server-options.js';

export type { FakeCourierOptions } from './server-options.js';

/** What the server did with a request. */
export type FakeCourierOutcome = 'created' | 'replayed' | 'conflict' | 'rejected' | 'injected';

/** One HTTP request the server received, whatever became of it. */
export interface FakeCourierRequest {
  /** Decoded template of an invoke request; undefined for other paths. */
  templateId: string | undefined;
  /** The `Idempotency-Key` header, if sent. */
  idempotencyKey: string | undefined;
  /** When the request asked Courier to forget its key (`X-Idempotency-Expiration`), if it did. */
  idempotencyExpiresAt: Date | undefined;
  /** The HTTP method, e.g. `POST` (others are answered 405). */
  method: string;
  /** Path without the query string. */
  path: string;
  /** The status answered, or what happened instead of an answer. */
  status: number | 'dropped' | 'stalled';
  /**
   * `created`: a new run. `replayed`: the stored first result for the key. `conflict`: 409, the
   * key's first request was still executing. `rejected`: 401, 400, 404, 405 or 413. `injected`:
   * a fault played instead of handling the request.
   */
  outcome: FakeCourierOutcome;
  /** The run created or replayed, if any. */
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
 * const client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, retryDelay: 5 });
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
  /**
   * Makes the next matching request(s) fail. Faults hit requests to the invoke endpoint, first
   * injected first served; each request takes at most one.
   *
   * @example
   * ```ts
   * server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, stored: false });
   * server.inject({ kind: 'drop' }, { templateId: 'welcome', times: 2 });
   * server.inject({ kind: 'create-then-drop' }, { times: Infinity });
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
  /** Forgets runs, requests, idempotency keys and faults; a seeded server restarts its ids. */
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

const INVOKE_PATH = /^\/journeys\/([^/]+)\/invoke$/;
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

type HttpModule = typeof import('node:http');
type Recorded = Omit<FakeCourierRequest, 'status' | 'outcome'>;
interface Reply {
  response: StoredResponse;
  outcome: FakeCourierOutcome;
  /** Extra words for the log line. */
  note?: string;
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
  readonly #sockets = new Set<Socket>();
  readonly #waits = new Set<() => void>();
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
    this.#keys = new IdempotencyStore({ ttlMs: settings.idempotencyKeyTtlMs, maxKeys: settings.maxIdempotencyKeys });
    if (settings.chaos !== undefined) this.#faults.setChaos(settings.chaos);
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
    const path = (req.url ?? '/').split('?', 1)[0] as string;
    const rec: Recorded = {
      templateId: undefined,
      idempotencyKey: header(req, 'idempotency-key'),
      idempotencyExpiresAt: expirationDate(header(req, 'x-idempotency-expiration')),
      method,
      path,
      runId: undefined,
      fault: undefined,
      at: new Date(),
    };
    const match = INVOKE_PATH.exec(path);
    if (match === null) {
      req.resume();
      const message = `No route for ${method} ${path}: this fake serves POST /journeys/{templateId}/invoke`;
      return this.#send(res, rec, { response: jsonResponse(404, errorBody(404, message)), outcome: 'rejected' });
    }
    try {
      rec.templateId = decodeURIComponent(match[1] as string);
    } catch {
      req.resume();
      const message = 'The template ID in the path is not valid percent-encoding';
      return this.#send(res, rec, { response: jsonResponse(400, errorBody(400, message)), outcome: 'rejected' });
    }
    const templateId = rec.templateId;
    if (method !== 'POST') {
      req.resume();
      const message = `Method ${method} not allowed: use POST`;
      return this.#send(res, rec, { response: jsonResponse(405, errorBody(405, message), { allow: 'POST' }), outcome: 'rejected' });
    }

    const raw = await readBody(req, DEFAULT_MAX_REQUEST_BYTES);
    if (raw === 'aborted') return this.#record(rec, 'dropped', 'rejected', 'the client went away mid-request');
    if (raw === 'too-large') {
      const message = `Request body over ${DEFAULT_MAX_REQUEST_BYTES} bytes`;
      return this.#send(res, rec, { response: jsonResponse(413, errorBody(413, message), { connection: 'close' }), outcome: 'rejected' });
    }

    const fault = this.#faults.take(templateId);
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
    const key = rec.idempotencyKey;
    if (key !== undefined && collectOptionIssues({ idempotencyKey: key }).length > 0) {
      const message = 'Idempotency-Key must be 1-255 printable ASCII characters';
      return this.#send(res, rec, { response: jsonResponse(400, errorBody(400, message)), outcome: 'rejected' }, fault);
    }
    if (fault?.kind === 'status' && fault.stored === false) {
      return this.#send(res, rec, { response: this.#injectedResponse(fault), outcome: 'injected' }, fault);
    }

    if (key !== undefined) {
      const entry = this.#keys.lookup(key);
      if (entry?.state === 'executing') {
        const message = 'A request with this Idempotency-Key is still being processed; retry later';
        return this.#send(res, rec, { response: jsonResponse(409, errorBody(409, message)), outcome: 'conflict' }, fault);
      }
      if (entry?.state === 'done') {
        if (fault?.kind === 'delay' && !(await this.#wait(fault.durationMs))) return;
        rec.runId = entry.response.runId;
        return this.#send(res, rec, { response: entry.response, outcome: 'replayed' }, fault);
      }
      this.#keys.begin(key, this.#keys.expiryFor(header(req, 'x-idempotency-expiration')));
    }
    if (fault?.kind === 'delay' && !(await this.#wait(fault.durationMs))) {
      if (key !== undefined) this.#keys.abandon(key);
      return;
    }

    const reply = fault?.kind === 'status' ? { response: this.#injectedResponse(fault), outcome: 'injected' as const } : this.#execute(templateId, raw, key, rec.at);
    if (key !== undefined) this.#keys.complete(key, reply.response);
    rec.runId = reply.response.runId;
    return this.#send(res, rec, reply, fault);
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
      return { response: jsonResponse(400, errorBody(400, 'The request body must be JSON')), outcome: 'rejected' };
    }
    try {
      const prepared = prepareInvocation(templateId, body as InvokeRequest);
      const runId = this.#ids.runId();
      this.#invocations.push(recordInvocation(prepared, key, runId, at));
      return {
        response: { ...jsonResponse(200, { runId }), runId },
        outcome: 'created',
        note: prepared.userId === undefined ? 'user=(contact info)' : `user=${prepared.userId}`,
      };
    } catch (err) {
      if (!(err instanceof JourneysValidationError)) throw err;
      const message = `Invalid request: ${err.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`).join('; ')}`;
      return { response: jsonResponse(400, errorBody(400, message, { issues: err.issues })), outcome: 'rejected' };
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
    this.#record(rec, status, reply.outcome, reply.note);
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

  #record(rec: Recorded, status: FakeCourierRequest['status'], outcome: FakeCourierOutcome, note?: string): void {
    const entry: FakeCourierRequest = { ...rec, status, outcome };
    this.#requests.push(entry);
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
