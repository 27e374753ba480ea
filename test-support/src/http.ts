/**
 * HTTP from the test's side: serve a handler on 127.0.0.1, send one request, wait for work that
 * happens after a response.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on 127.0.0.1, on a port the system picked. */
export interface Listening {
  url: string;
  server: Server;
  /** Closes the server and every connection still open (keep-alive ones included). */
  close(): Promise<void>;
}

/** Serves `handler` (an Express app, a Node request listener) on 127.0.0.1, on a free port. */
export async function listen(handler: RequestListener): Promise<Listening> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** What came back: the body parsed when it is JSON, else the text (`undefined` when empty). */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: unknown;
}

/** One request; see {@link request}. */
export interface HttpRequest {
  /** Default `GET`. */
  method?: string;
  headers?: Record<string, string>;
  /** A string is sent as it is (malformed JSON on purpose, say); anything else as JSON. Either way with a JSON content type. */
  body?: unknown;
  /** Sent verbatim instead of the URL's path: no normalisation of `..` or of percent-encoding, which `fetch` would do. */
  path?: string;
}

/**
 * One HTTP request on a fresh connection (`agent: false`): the test process keeps no keep-alive
 * socket, so what the server under test holds open is all its own.
 */
export function request(url: string, { method = 'GET', headers = {}, body, path }: HttpRequest = {}): Promise<HttpAnswer> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      hostname: target.hostname,
      port: target.port,
      path: path ?? `${target.pathname}${target.search}`,
      method,
      agent: false,
      headers: {
        ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        ...headers,
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text === '' ? undefined : text;
        try {
          if (text !== '') parsed = JSON.parse(text);
        } catch {
          // not JSON: the text is the body
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.end(payload);
  });
}

/**
 * Polls until `check` stops throwing (for work that happens after a response was sent). Only a
 * check that fails waits out the whole `timeoutMs`; the default is long because a CI machine running
 * every package's tests at once can take seconds to get there.
 */
export async function eventually(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
