/**
 * The fake server's console: pages, event stream and action endpoints under `/_console/`, behind
 * the access rule. The server hands it each request; with nobody watching it returns at once (the
 * pages read what the server records anyway), so the request path pays nothing for it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeCourierRequest } from '../server/fake-courier.js';
import { readBody } from '../server/http-io.js';
import { CONSOLE_PREFIX, TOKEN_COOKIE, isLoopbackHost, tokenMatches, tokenOf, type ConsoleAccess } from './access.js';
import { cancelRun, injectFault, resetAll, setStatus, type ActionAnswer } from './actions.js';
import { CONSOLE_CSS, CONSOLE_JS } from './assets.js';
import type { ConsoleBackend } from './backend.js';
import { LiveFeed, watchView, type WatchView } from './live-feed.js';
import { RequestJournal } from './request-journal.js';
import { SseHub } from './sse-hub.js';
import { journeysPage, requestsPage, runFilter, runPage, runsPage, tokenPage } from './views.js';

const MAX_ACTION_BYTES = 64 * 1024;
const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
// The pages are the console's own: no framing by other sites, no scripts but its own. The empty
// icon keeps the browser from asking Courier's routes for /favicon.ico (a 404 in `server.requests`).
const SECURITY = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
};

export class ConsoleApp {
  readonly journal = new RequestJournal();
  readonly #hub = new SseHub<WatchView>();
  readonly #feed: LiveFeed;
  readonly #backend: ConsoleBackend;
  readonly #access: ConsoleAccess;

  constructor(backend: ConsoleBackend, access: ConsoleAccess) {
    this.#backend = backend;
    this.#access = access;
    this.#feed = new LiveFeed(this.#hub, backend, this.journal);
    backend.onRunChange((runId) => this.#feed.runChanged(runId));
  }

  /** The console's URL on a server at `url`; with `?token=` when it has one. */
  urlFor(url: string): string {
    return `${url}${CONSOLE_PREFIX}/${this.#access.kind === 'token' ? `?token=${encodeURIComponent(this.#access.token)}` : ''}`;
  }

  /** Browsers watching now. */
  get watchers(): number {
    return this.#hub.size;
  }

  arrived(key: object, rawHeaders: readonly string[]): void {
    if (this.#hub.size > 0) this.journal.arrived(key, rawHeaders);
  }

  body(key: object, raw: Buffer): void {
    if (this.#hub.size > 0) this.journal.body(key, raw);
  }

  recorded(key: object, request: FakeCourierRequest, note: string | undefined, answer: string | undefined): void {
    if (this.#hub.size === 0) return this.#feed.unwatched();
    this.journal.recorded(key, request, note, answer);
    this.#feed.requestRecorded(request);
  }

  close(): void {
    this.#feed.close();
  }

  /** Answers a request whose path starts with the console's prefix. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string, queryText: string): Promise<void> {
    const method = req.method ?? 'GET';
    const query = new URLSearchParams(queryText);
    if (path === CONSOLE_PREFIX) return redirect(res, `${CONSOLE_PREFIX}/${queryText === '' ? '' : `?${queryText}`}`);
    const sub = path.slice(CONSOLE_PREFIX.length);
    if (method === 'GET' && sub.startsWith('/assets/')) return this.#asset(res, sub);
    if (!this.#hostAllowed(req)) {
      req.resume();
      return json(res, 403, { message: 'The console answers only requests addressed to a loopback host name (DNS rebinding guard)' });
    }
    if (!tokenMatches(this.#access, tokenOf(req.headers, query))) {
      req.resume();
      if (method === 'GET' && !sub.startsWith('/api/') && sub !== '/events') return send(res, 401, HTML, tokenPage());
      return json(res, 401, { message: 'This console needs its token: send x-journeykit-console-token, or open the URL printed at start-up' });
    }
    if (method === 'GET' && query.has('token') && this.#access.kind === 'token') {
      // Swap the token in the address bar for a cookie, so it stays out of history and Referer.
      query.delete('token');
      const rest = query.toString();
      const cookie = `${TOKEN_COOKIE}=${this.#access.token}; Path=${CONSOLE_PREFIX}/; HttpOnly; SameSite=Strict`;
      return redirect(res, `${path}${rest === '' ? '' : `?${rest}`}`, { 'set-cookie': cookie });
    }
    if (method === 'POST' && sub.startsWith('/api/')) return this.#action(req, res, sub);
    req.resume();
    if (method !== 'GET')
      return json(res, 405, { message: `Method ${method} not allowed here: the console's pages are GET, its actions POST` }, { allow: 'GET' });
    if (sub === '/events') return this.#feed.watch(res, watchView(query));
    if (sub === '/') return send(res, 200, HTML, runsPage(this.#backend, runFilter(query)));
    if (sub === '/requests') return send(res, 200, HTML, requestsPage(this.#backend, this.journal));
    if (sub === '/journeys') return send(res, 200, HTML, journeysPage(this.#backend));
    const run = /^\/runs\/([^/]+)$/.exec(sub);
    if (run !== null) {
      const html = runPage(this.#backend, this.journal, safeDecode(run[1] as string));
      if (html !== undefined) return send(res, 200, HTML, html);
    }
    return send(res, 404, HTML, tokenlessNotFound(path));
  }

  #hostAllowed(req: IncomingMessage): boolean {
    if (this.#access.kind === 'token') return true;
    const host = req.headers.host ?? '';
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
    return isLoopbackHost(name);
  }

  #asset(res: ServerResponse, sub: string): void {
    if (sub === '/assets/console.css') return send(res, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }, CONSOLE_CSS);
    if (sub === '/assets/console.js')
      return send(res, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }, CONSOLE_JS);
    return json(res, 404, { message: `No console asset ${sub}` });
  }

  async #action(req: IncomingMessage, res: ServerResponse, sub: string): Promise<void> {
    // A JSON content type cannot be sent cross-site without a CORS preflight, which the fake never allows.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      req.resume();
      return json(res, 415, { message: 'Send the action as JSON: Content-Type: application/json' });
    }
    const raw = await readBody(req, MAX_ACTION_BYTES);
    if (raw === 'aborted') return;
    if (raw === 'too-large') return json(res, 413, { message: `An action body is at most ${MAX_ACTION_BYTES} bytes` }, { connection: 'close' });
    let body: unknown = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return json(res, 400, { message: 'The body must be JSON' });
      }
    }
    let answer: ActionAnswer;
    const runAction = /^\/api\/runs\/([^/]+)\/(status|cancel)$/.exec(sub);
    if (runAction !== null) {
      const runId = safeDecode(runAction[1] as string);
      answer = runAction[2] === 'status' ? setStatus(this.#backend, runId, body) : cancelRun(this.#backend, runId);
    } else if (sub === '/api/faults') answer = injectFault(this.#backend, body);
    else if (sub === '/api/reset') {
      answer = resetAll(this.#backend);
      this.#feed.reset();
    } else answer = { status: 404, body: { message: `No console action POST ${CONSOLE_PREFIX}${sub}` } };
    return json(res, answer.status, answer.body);
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function tokenlessNotFound(path: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1><p>Nothing at ${path.replace(/[&<>"']/g, '')}. <a href="${CONSOLE_PREFIX}/">Back to the console</a></p></main></body></html>`;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, text: string, extra: Record<string, string> = {}): void {
  const payload = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...SECURITY, ...headers, ...extra, 'content-length': String(payload.length) });
  res.end(payload);
}

function json(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  send(res, status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, JSON.stringify(body), extra);
}

function redirect(res: ServerResponse, location: string, extra: Record<string, string> = {}): void {
  res.writeHead(303, { ...SECURITY, location, 'content-length': '0', ...extra });
  res.end();
}
