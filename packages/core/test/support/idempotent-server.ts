import { randomUUID } from 'node:crypto';
import { json, startLocalServer, type LocalServer } from './local-server.js';

/**
 * A Courier-like invoke endpoint with Courier's idempotency semantics: the first result per key is
 * stored and replayed, a request for a key still executing gets 409. With `dropRate`, it sometimes
 * creates the run and then drops the connection before answering: the fault that makes retries
 * without idempotency keys start journeys twice.
 */
export interface IdempotentServer extends LocalServer {
  /** Runs created, per idempotency key. */
  runsByKey: Map<string, string[]>;
  /** Runs created, per `user_id` of the body: one business event per user in these tests. */
  runsByUser: Map<string, string[]>;
}

export async function startIdempotentServer(options: { dropRate: number; dropBeforeRate?: number; seed?: number }): Promise<IdempotentServer> {
  let seed = options.seed ?? 42;
  const random = () => {
    // mulberry32: reproducible fault pattern for a given seed.
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const stored = new Map<string, { status: number; body: unknown }>();
  const executing = new Set<string>();
  const runsByKey = new Map<string, string[]>();
  const server = (await startLocalServer()) as IdempotentServer;
  server.runsByKey = runsByKey;
  const runsByUser = new Map<string, string[]>();
  server.runsByUser = runsByUser;
  server.respond = (req, res, socket) => {
    const key = String(req.headers['idempotency-key']);
    const replay = stored.get(key);
    if (replay) return json(res, replay.status, replay.body);
    if (executing.has(key)) return json(res, 409, { message: 'A request with this key is still executing' });
    if (random() < (options.dropBeforeRate ?? 0)) return socket.destroy();
    executing.add(key);
    // Work takes a moment, so retries can overlap the original and meet the 409 path.
    setTimeout(() => {
      const runId = `1-${randomUUID()}`;
      runsByKey.set(key, [...(runsByKey.get(key) ?? []), runId]);
      const user = String(JSON.parse(req.body).user_id);
      runsByUser.set(user, [...(runsByUser.get(user) ?? []), runId]);
      stored.set(key, { status: 200, body: { runId } });
      executing.delete(key);
      if (random() < options.dropRate) socket.destroy();
      else json(res, 200, { runId });
    }, Math.floor(random() * 5));
  };
  return server;
}
