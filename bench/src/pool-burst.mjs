/**
 * Pool burst: many calls at once against a server that answers each one after a fixed delay, to
 * see whether the client holds its connection limit and keeps the server busy. Reproduces the
 * burst from issue 12: connections 64, timeoutMs 2000, 10,000 calls, 50 ms answers; the server
 * can then serve 64 / 0.05 s = 1,280 calls/s, and the burst needs about 8 s at that rate.
 *
 *   pnpm --filter @journeykit/bench pool-burst
 *   node src/pool-burst.mjs --calls=10000 --connections=64 --timeout=2000 --delay=50
 *   node src/pool-burst.mjs --default-pool            # no `connections` option: the client's default
 *   bash -c 'ulimit -n 1024 && node src/pool-burst.mjs --default-pool'
 *   node src/pool-burst.mjs --core=/path/to/core/dist/index.js   # measure another build of core
 *   node src/pool-burst.mjs --raw-undici   # the ceiling: undici's Pool, same limit, no deadline
 *
 * The server runs in a child process (its CPU is not the client's) and counts TCP connections:
 * opened, most open at once, and "wasted" (closed without carrying a single request).
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [name, value] = arg.replace(/^--/, '').split('=');
    return [name, value ?? 'true'];
  }),
);

if (args.server === 'true') runServer(Number(args.delay ?? 50));
else await runBurst();

/**
 * The server side: answers every POST after `delayMs`, and reports its counts on request.
 * @param {number} delayMs
 */
function runServer(delayMs) {
  const stats = { opened: 0, open: 0, peakOpen: 0, wasted: 0, requests: 0, firstAt: 0, lastAt: 0 };
  /** Sockets that carried at least one request. */
  const carried = new WeakSet();
  const server = createServer((req, res) => {
    carried.add(req.socket);
    req.resume();
    req.on('end', () => {
      if (stats.requests++ === 0) stats.firstAt = performance.now();
      setTimeout(() => {
        const body = `{"runId":"1-burst-${stats.requests.toString(16)}"}`;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        stats.lastAt = performance.now();
      }, delayMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    stats.opened++;
    stats.peakOpen = Math.max(stats.peakOpen, ++stats.open);
    socket.on('close', () => {
      stats.open--;
      if (!carried.has(socket)) stats.wasted++;
    });
  });
  process.on('message', (/** @type {unknown} */ msg) => {
    if (msg === 'stats') {
      process.send?.({ ...stats, throughput: stats.requests / Math.max((stats.lastAt - stats.firstAt) / 1000, 1e-9) });
    } else if (msg === 'stop') {
      server.close();
      server.closeAllConnections();
      process.disconnect();
    }
  });
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    process.send?.({ url: `http://127.0.0.1:${port}` });
  });
}

async function runBurst() {
  const calls = Number(args.calls ?? 10_000);
  const connections = args['default-pool'] === 'true' ? undefined : Number(args.connections ?? 64);
  const timeoutMs = Number(args.timeout ?? 2_000);
  const delayMs = Number(args.delay ?? 50);
  const corePath = args.core === undefined ? '@journeykit/core' : pathToFileURL(args.core).href;

  const child = fork(fileURLToPath(import.meta.url), ['--server=true', `--delay=${delayMs}`], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  /** @type {(msg: string) => Promise<any>} */
  const ask = (msg) =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send(msg);
    });
  const { url } = /** @type {{ url: string }} */ (await new Promise((resolve) => child.once('message', resolve)));

  const rawUndici = args['raw-undici'] === 'true';
  const { JourneysClient, DEFAULT_CONNECTIONS, defaults } = await import(corePath);
  // Older builds of core had no default limit (and no DEFAULT_CONNECTIONS export); newer ones group it in `defaults`.
  const limit = connections ?? defaults?.connections ?? DEFAULT_CONNECTIONS;
  const client = rawUndici
    ? await rawUndiciInvoker(url, limit)
    : new JourneysClient({ apiKey: 'sk_test_pool_burst', baseUrl: url, timeoutMs, ...(connections === undefined ? {} : { connections }) });

  /** @type {Map<string, number>} */
  const outcomes = new Map();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: calls }, (_, i) =>
      client.invoke('burst', { user_id: `user-${i}` }).then(
        () => outcomes.set('ok', (outcomes.get('ok') ?? 0) + 1),
        (/** @type {any} */ err) => {
          const kind = `${err?.code ?? err?.name}${err?.cause?.code ? ` (${err.cause.code})` : ''}`;
          outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
        },
      ),
    ),
  );
  const wallS = (performance.now() - started) / 1000;
  await client.close();
  // Let the server see the client's sockets close before it counts the wasted ones.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const server = await ask('stats');
  child.send('stop');

  const ok = outcomes.get('ok') ?? 0;
  const failures = [...outcomes].filter(([kind]) => kind !== 'ok');
  const rows = [
    ['client', rawUndici ? 'raw undici Pool.request (ceiling)' : (args.core ?? '@journeykit/core (workspace)')],
    [
      'burst',
      `${calls} calls, connections ${connections ?? `default (${limit ?? 'unlimited'})`}, timeoutMs ${timeoutMs}, server answers in ${delayMs} ms`,
    ],
    [
      'server capacity',
      limit === undefined ? 'unbounded (one socket per call)' : `${Math.round((limit * 1000) / delayMs)} calls/s at ${limit} connections`,
    ],
    ['calls succeeded', `${ok} of ${calls}`],
    ['calls failed', failures.length === 0 ? '0' : failures.map(([kind, n]) => `${n} ${kind}`).join(', ')],
    ['connections opened', String(server.opened)],
    ['most open at once', String(server.peakOpen)],
    ['wasted connections', `${server.wasted} (closed without carrying a request)`],
    ['requests the server saw', String(server.requests)],
    ['server throughput', `${Math.round(server.throughput)} req/s`],
    ['wall time', `${wallS.toFixed(2)} s`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
}

/**
 * The ceiling to compare with: undici's Pool with the same connection limit and no deadline.
 * @param {string} url
 * @param {number | undefined} connections
 */
async function rawUndiciInvoker(url, connections) {
  const { Pool } = await import('undici');
  const pool = new Pool(url, connections === undefined ? {} : { connections });
  return {
    /** @param {string} templateId @param {unknown} request */
    async invoke(templateId, request) {
      const { statusCode, body } = await pool.request({
        path: `/journeys/${templateId}/invoke`,
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_pool_burst', 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      const answer = /** @type {{ runId?: unknown }} */ (await body.json());
      if (statusCode !== 200 || typeof answer.runId !== 'string') throw new Error(`unexpected answer ${statusCode}`);
      return { runId: answer.runId };
    },
    close: () => pool.close(),
  };
}
