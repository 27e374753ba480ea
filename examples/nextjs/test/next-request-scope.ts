import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

// Next's own request scope, so that the recipe's `after()` (the real one, from next/server) runs as
// in `next start`: Next's AfterContext queues the callbacks and starts them when the response closes.
// These are Next 16.4's internal modules (pinned in package.json): a Next upgrade that moves them fails
// this file's import, loudly. test/next-environment.ts (a setup file) has prepared them.
const require = createRequire(import.meta.url);
const { workAsyncStorage } = require('next/dist/server/app-render/work-async-storage.external.js') as { workAsyncStorage: Store };
const { workUnitAsyncStorage } = require('next/dist/server/app-render/work-unit-async-storage.external.js') as { workUnitAsyncStorage: Store };
const { AfterContext } = require('next/dist/server/after/after-context.js') as { AfterContext: AfterContextClass };

interface Store {
  run<T>(store: object, fn: () => T): T;
}
type AfterContextClass = new (options: {
  waitUntil: (promise: Promise<unknown>) => void;
  onClose: (listener: () => void) => void;
  onTaskError: ((error: unknown) => void) | undefined;
}) => object;

export type RouteHandler = (request: Request) => Promise<Response>;

export interface RouteServer {
  url: string;
  /** When each response was sent in full (`Date.now()`), in order. */
  finishedAt: number[];
  /** Resolves when the `after()` work of every request so far has finished (Vercel's `waitUntil`). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves route handlers over real HTTP on 127.0.0.1 as Next does: each request becomes a `Request`,
 * the handler runs in a request scope of its own, its `Response` is written back, and the callbacks
 * given to `after()` start once the response has closed.
 */
export async function serveRoutes(routes: Record<string, RouteHandler>, onTaskError?: (error: unknown) => void): Promise<RouteServer> {
  const pending: Promise<unknown>[] = [];
  const finishedAt: number[] = [];
  const server = createServer((req, res) => void answer(req, res));
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const handler = routes[req.url ?? ''];
    if (handler === undefined || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const onClose: (() => void)[] = [];
    res.once('finish', () => finishedAt.push(Date.now()));
    res.once('close', () => onClose.splice(0).forEach((listener) => listener()));
    const afterContext = new AfterContext({
      waitUntil: (promise) => pending.push(promise),
      onClose: (listener) => onClose.push(listener),
      onTaskError,
    });
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: 'POST',
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks),
    });
    let response: Response;
    try {
      response = await workAsyncStorage.run({ afterContext }, () =>
        workUnitAsyncStorage.run({ type: 'request', phase: 'action' }, () => handler(request)),
      );
    } catch (error) {
      onTaskError?.(error);
      response = new Response('Internal Server Error', { status: 500 }); // what Next answers a handler that throws
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const settled = async () => {
    while (pending.length > 0) await Promise.all(pending.splice(0));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    finishedAt,
    settled,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await settled();
    },
  };
}

/** POSTs JSON and reads the JSON answer. */
export async function postJson(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await answer.json()) as Record<string, unknown>;
  return { status: answer.status, body: json };
}
