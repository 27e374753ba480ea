// The outbox soak's Courier: the real fake Courier server (random faults, a template that is
// always refused) behind a TCP front door that the soak can shut for an outage: while it is
// down, connections are refused and open ones are cut, as when Courier is unreachable.
import { startTcpProxy } from '@journeykit/test-support/tcp-proxy';
import { startFakeCourier } from '@journeykit/testkit';

const { rate, seed } = JSON.parse(process.argv[2] ?? '{}');
const courier = await startFakeCourier({
  apiKey: 'soak-key',
  chaos: { rate, seed },
  // The soak checks every run for duplicates: keep them all, and every key, not just the latest.
  maxRecords: Number.MAX_SAFE_INTEGER,
  maxIdempotencyKeys: Number.MAX_SAFE_INTEGER,
});
// Every request for this template is refused for good: those must end as dead letters, nothing else.
courier.inject(
  { kind: 'status', status: 404, body: { message: 'Journey not found', type: 'not_found' } },
  { templateId: 'retired-journey', times: Infinity },
);

const front = await startTcpProxy(courier.url);
process.send?.({ type: 'ready', url: `http://127.0.0.1:${front.port}` });

/** Runs per idempotency key, and which keys were requested at all. */
function tally() {
  /** @type {Record<string, number>} */
  const runsByKey = {};
  for (const inv of courier.invocations) runsByKey[String(inv.idempotencyKey)] = (runsByKey[String(inv.idempotencyKey)] ?? 0) + 1;
  const requestedKeys = [...new Set(courier.requests.map((r) => String(r.idempotencyKey)))];
  /** @type {Record<string, number>} */
  const faults = {};
  for (const r of courier.requests) if (r.fault) faults[r.fault] = (faults[r.fault] ?? 0) + 1;
  return { runsByKey, requestedKeys, requests: courier.requests.length, faults };
}

process.on('message', async (/** @type {any} */ message) => {
  if (message?.type === 'down') {
    front.down();
  } else if (message?.type === 'up') {
    front.up();
  } else if (message?.type === 'progress') {
    process.send?.({ type: 'progress', runs: courier.invocations.length, requests: courier.requests.length });
  } else if (message?.type === 'report') {
    process.send?.({ type: 'report', ...tally() }, async () => {
      await front.close();
      await courier.close();
      process.disconnect();
    });
  }
});
process.on('disconnect', () => process.exit(0));
