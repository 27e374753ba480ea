// The outbox part of `pnpm demo`: durable delivery with no database to install. pg-boss runs on
// PGlite (PostgreSQL in WebAssembly, in this process); the app's signup and the journey are stored
// in one transaction, and a worker delivers it to the embedded fake Courier server, through an
// outage. Kept in its own file so the demo's layout can change around it.
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { JourneysClient } from '@journeykit/core';
import { JourneysOutbox, createEmbeddedBoss } from '@journeykit/outbox';
import { startFakeCourier } from '@journeykit/testkit';

/** Runs the outbox demo and returns the lines to print. */
export async function runOutboxDemo() {
  const lines = [];
  const courier = await startFakeCourier({ apiKey: 'demo-key' });
  const db = new PGlite(); // new PGlite('./outbox-data') keeps jobs across restarts
  const client = new JourneysClient({ apiKey: 'demo-key', baseUrl: courier.url, maxRetries: 0 });
  const outbox = new JourneysOutbox({
    boss: createEmbeddedBoss(db),
    client,
    retry: { initialDelayMs: 1000, maxDelayMs: 2000 }, // short, for the demo (default: 10 s doubling to 10 min, for 6 hours)
    hooks: {
      onRetry: (e) =>
        lines.push(
          `  retry     ${e.templateId} attempt ${e.attempt} failed (${e.error.status ?? e.error.code}); pg-boss retries it with the same key`,
        ),
      onDeliver: (e) => lines.push(`  delivered ${e.templateId} for ${e.userId} on attempt ${e.attempt}: runId ${e.runId}`),
    },
  });
  try {
    await outbox.start();
    await db.exec('CREATE TABLE users (id text PRIMARY KEY, email text NOT NULL)');
    const signUp = (id, email, commit) =>
      db
        .transaction(async (tx) => {
          await tx.query('INSERT INTO users (id, email) VALUES ($1, $2)', [id, email]);
          await outbox.enqueue('welcome', { user_id: id, profile: { email } }, { db: tx });
          lines.push(`  enqueued  welcome for ${id} in the signup transaction, which ${commit ? 'commits' : 'rolls back'}`);
          if (!commit) throw new Error('rollback');
        })
        .catch((error) => {
          if (error.message !== 'rollback') throw error;
        });

    courier.inject({ kind: 'status', status: 503, stored: false }, { times: 2 }); // Courier is down at first
    await signUp('ada', 'ada@example.com', true);
    await signUp('bob', 'bob@example.com', false);
    await outbox.work({ concurrency: 2, pollIntervalMs: 500 });
    for (let i = 0; i < 100 && courier.invocations.length < 1; i++) await sleep(100);
    await sleep(500);
    const runs = courier.invocations.length;
    lines.push(`  ${runs} journey started (ada's, once, when Courier was back); bob's rolled back: nothing stored, nothing sent.`);
  } finally {
    await outbox.stop();
    await client.close();
    await db.close();
    await courier.close();
  }
  return lines;
}
