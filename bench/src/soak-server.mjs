// The soak's server process: the real fake Courier server from @journeykit/testkit with random
// faults, kept out of the client's process so the client's RSS is the client's alone.
import { startFakeCourier } from '@journeykit/testkit';

const { rate, seed } = JSON.parse(process.argv[2] ?? '{}');
// The soak checks every run for duplicates, so it keeps every record (the default keeps the last 10,000).
const server = await startFakeCourier({ apiKey: 'soak-key', chaos: { rate, seed }, maxRecords: Number.MAX_SAFE_INTEGER });
process.send?.({ type: 'ready', url: server.url });

process.on('message', async (/** @type {any} */ message) => {
  if (message?.type !== 'report') return;
  // One business event per soak id: more than one run for an id is a duplicate journey.
  /** @type {Record<string, string[]>} */
  const runsById = {};
  for (const inv of server.invocations) {
    const id = String(inv.request.data?.soak_id);
    (runsById[id] ??= []).push(inv.runId);
  }
  /** @type {Record<string, number>} */
  const faults = {};
  for (const r of server.requests) if (r.fault) faults[r.fault] = (faults[r.fault] ?? 0) + 1;
  process.send?.({ type: 'report', runsById, requests: server.requests.length, faults }, async () => {
    await server.close();
    process.disconnect();
  });
});
// The parent going away ends the soak.
process.on('disconnect', () => process.exit(0));
