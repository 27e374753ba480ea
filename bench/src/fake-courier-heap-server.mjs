// The server side of fake-courier-heap.mjs: the real fake Courier server, reporting its own heap
// (after a full GC) and what it keeps, when asked; also its CPU time (for fake-courier-console-load.mjs).
import { startFakeCourier } from '@journeykit/testkit';

const limits = JSON.parse(process.argv[2] ?? '{}');
const server = await startFakeCourier({ ...limits });
process.send?.({ type: 'ready', url: server.url });

process.on('message', (/** @type {any} */ message) => {
  // CPU time of this process so far (fake-courier-console-load.mjs: CPU per request, steadier than throughput on a busy machine).
  if (message?.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'cpu', micros: user + system });
    return;
  }
  if (message?.type !== 'stats') return;
  globalThis.gc?.();
  globalThis.gc?.();
  process.send?.({
    type: 'stats',
    heapMB: process.memoryUsage().heapUsed / 1024 / 1024,
    requests: server.requests.length,
    invocations: server.invocations.length,
    keys: /** @type {any} */ (server).idempotencyKeys ?? -1,
    dropped: /** @type {any} */ (server).dropped ?? { requests: 0, invocations: 0 },
  });
});
process.on('disconnect', () => process.exit(0));
