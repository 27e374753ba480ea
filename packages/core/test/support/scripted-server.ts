/**
 * One local server for a test file, answering as each test scripts it, and clients on it that are
 * closed after every test: the set-up core's wire-level tests (faults, lifecycle calls) share.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { inTurn, startLocalServer, type LocalServer, type Responder } from '@journeykit/test-support/local-server';
import { JourneysClient, type JourneysClientOptions } from '../../src/index.js';

export interface ScriptedServer {
  /** The file's server (started before its first test); usable in tests, not at module level. */
  server: LocalServer;
  /** A client on the server with the file's defaults, and `options` over them; closed after the test. */
  client(options?: JourneysClientOptions): JourneysClient;
  /** Answers with `answers` in order, then with the last one from then on. */
  script(...answers: Responder[]): void;
}

export function useScriptedServer(defaults: JourneysClientOptions): ScriptedServer {
  let started: LocalServer | undefined;
  let unscripted: Responder | undefined;
  const clients: JourneysClient[] = [];
  const live = (): LocalServer => {
    if (started === undefined) throw new Error('useScriptedServer: the server starts in beforeAll; use it inside a test');
    return started;
  };
  beforeAll(async () => {
    started = await startLocalServer();
    unscripted = started.respond;
  });
  // Every test starts from the same server: no requests seen, and the default answer until it scripts one.
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    if (started === undefined) return;
    started.requests.length = 0;
    if (unscripted !== undefined) started.respond = unscripted;
  });
  afterAll(() => started?.close());
  const server: LocalServer = {
    get url() {
      return live().url;
    },
    get requests() {
      return live().requests;
    },
    get respond() {
      return live().respond;
    },
    set respond(responder: Responder) {
      live().respond = responder;
    },
    openConnections: () => live().openConnections(),
    connectionStats: () => live().connectionStats(),
    close: () => live().close(),
  };
  return {
    server,
    client(options = {}) {
      const c = new JourneysClient({ ...defaults, baseUrl: live().url, ...options });
      clients.push(c);
      return c;
    },
    script(...answers) {
      live().respond = inTurn(...answers);
    },
  };
}
