/**
 * Telemetry off against telemetry on without an SDK, in one process: two clients on the same
 * server, taking turns every `batch` invokes (who goes first alternates), each turn timed on its own
 * (wall clock and this process's CPU). Load from other work on a shared machine then falls on both
 * alike, which fresh processes minutes apart cannot promise; this resolves differences of a few
 * percent. (Not for the SDK variant: a registered SDK changes the whole process, the client without
 * telemetry included.)
 */
import { performance } from 'node:perf_hooks';

/**
 * @param {{ url: string, apiKey: string, request: object, concurrency: number, turns: number, batch: number }} input
 * @returns {Promise<Record<'off' | 'on', { invokesPerSecond: number, cpuUsPerInvoke: number }>>}
 */
export async function interleavedOverhead({ url, apiKey, request, concurrency, turns, batch }) {
  const { JourneysClient } = await import('@journeykit/core');
  const { journeysTelemetry } = await import('@journeykit/opentelemetry');
  const clients = {
    off: new JourneysClient({ apiKey, baseUrl: url }),
    on: new JourneysClient({ apiKey, baseUrl: url, telemetry: journeysTelemetry() }),
  };
  const totals = { off: { cpuMs: 0, wallMs: 0, invokes: 0 }, on: { cpuMs: 0, wallMs: 0, invokes: 0 } };
  const run = async (/** @type {import('@journeykit/core').JourneysClient} */ client, /** @type {number} */ count) => {
    let next = 0;
    const worker = async () => {
      while (next++ < count) await client.invoke('order-shipped', /** @type {any} */ (request));
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  try {
    await run(clients.off, batch * 2);
    await run(clients.on, batch * 2);
    for (let turn = 0; turn < turns; turn++) {
      /** @type {('off' | 'on')[]} */
      const order = turn % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
      for (const name of order) {
        const cpu = process.cpuUsage();
        const started = performance.now();
        await run(clients[name], batch);
        const used = process.cpuUsage(cpu);
        totals[name].wallMs += performance.now() - started;
        totals[name].cpuMs += (used.user + used.system) / 1000;
        totals[name].invokes += batch;
      }
    }
  } finally {
    await clients.off.close();
    await clients.on.close();
  }
  const result = (/** @type {'off' | 'on'} */ name) => ({
    invokesPerSecond: (totals[name].invokes / totals[name].wallMs) * 1000,
    cpuUsPerInvoke: (totals[name].cpuMs * 1000) / totals[name].invokes,
  });
  return { off: result('off'), on: result('on') };
}
