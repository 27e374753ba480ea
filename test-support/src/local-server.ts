import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Responder = (req: SeenRequest, res: http.ServerResponse, socket: Socket) => unknown;

/** A real HTTP server on 127.0.0.1, port 0, whose answer each test scripts. */
export interface LocalServer {
  url: string;
  requests: SeenRequest[];
  respond: Responder;
  /** Connections open right now (keep-alive sockets included). */
  openConnections(): number;
  /** Connections accepted since the server started, and the most that were ever open at once. */
  connectionStats(): { opened: number; peak: number };
  close(): Promise<void>;
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * A responder that answers each request with the next of `answers`, the last one from then on:
 * `server.respond = inTurn(status(503), ok)` fails the first attempt and answers every later one.
 */
export function inTurn(...answers: Responder[]): Responder {
  let next = 0;
  return (req, res, socket) => (answers[Math.min(next++, answers.length - 1)] as Responder)(req, res, socket);
}

export async function startLocalServer(respond: Responder = (_req, res) => json(res, 200, { runId: 'run-1' })): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  let opened = 0;
  let peak = 0;
  const state: LocalServer = {
    url: '',
    requests: [],
    respond,
    openConnections: () => sockets.size,
    connectionStats: () => ({ opened, peak }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      state.requests.push(seen);
      void state.respond(seen, res, req.socket);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    opened++;
    peak = Math.max(peak, sockets.size);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
