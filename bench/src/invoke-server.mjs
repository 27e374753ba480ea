/**
 * The minimal invoke server, run in its own process (forked by run.mjs) so its CPU is not
 * charged to the client being measured. It answers POST /journeys/:id/invoke with
 * {"runId": "..."} after draining the body, keeps connections alive, and counts what it saw so
 * the runner can check every invoke reached it exactly once (no silent retries).
 *
 * Protocol over the IPC channel: it sends { type: 'listening', url } once, answers
 * { type: 'stats' } with { type: 'stats', requests, bytes, errors }, and exits on { type: 'stop' }
 * or as soon as the parent goes away ('disconnect').
 */
import { createServer } from 'node:http';

const INVOKE_PATH = /^\/journeys\/[^/]+\/invoke$/;
// Shaped like Courier's run ids; only the counter changes, so building one costs next to nothing.
const RUN_ID_PREFIX = `1-${Math.floor(Date.now() / 1000).toString(16)}-`;

let requests = 0;
let bytes = 0;
let errors = 0;

const server = createServer((req, res) => {
  let size = 0;
  req.on('data', (chunk) => (size += chunk.length));
  req.on('end', () => {
    bytes += size;
    if (req.method !== 'POST' || !INVOKE_PATH.test(req.url ?? '')) {
      errors++;
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    requests++;
    const body = `{"runId":"${RUN_ID_PREFIX}${requests.toString(16).padStart(24, '0')}"}`;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
});
// Clients hold idle keep-alive sockets between cells; the server must not cut them.
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.requestTimeout = 0;

let stopped = false;
function stop() {
  if (stopped) return;
  stopped = true;
  server.close();
  server.closeAllConnections();
  if (process.connected) process.disconnect();
}

process.on('disconnect', stop);
process.on('message', (/** @type {{ type?: string } | null} */ msg) => {
  if (msg?.type === 'stats') process.send?.({ type: 'stats', requests, bytes, errors });
  else if (msg?.type === 'stop') stop();
});

server.listen(0, '127.0.0.1', () => {
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${port}` });
});
