/**
 * The embedded default: pg-boss on PGlite (PostgreSQL in WebAssembly, in this process). The
 * executors, then the outbox end to end: transactions, delivery over HTTP, a data directory
 * that keeps jobs across a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { JourneysClient } from '@journeykit/core';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { fromPglite } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysOutbox, createEmbeddedBoss, pgliteExecutor } from '../src/index.js';
import { waitFor } from '@journeykit/test-support/postgres';

const API_KEY = 'sk_test_outbox_embedded';
let server: FakeCourierServer;
let client: JourneysClient;
beforeAll(async () => {
  server = await startFakeCourier({ apiKey: API_KEY });
  client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

describe.each([
  ['pgliteExecutor (for a caller’s PGlite transaction)', pgliteExecutor],
  ['pg-boss fromPglite (what createEmbeddedBoss uses)', fromPglite],
])('%s', (_name, adapt) => {
  let pglite: PGlite;
  let db: ReturnType<typeof pgliteExecutor>;
  // Starting PGlite compiles its WebAssembly: seconds on a busy machine, so not inside a test's time.
  beforeAll(async () => {
    pglite = new PGlite();
    await pglite.waitReady;
    db = adapt(pglite);
  }, 120_000);
  afterAll(() => pglite.close());

  it('returns the rows of every statement of a multi-statement query, in order', async () => {
    const { rows } = await db.executeSql('SELECT 1 AS a; SELECT 2 AS b UNION ALL SELECT 3; SELECT 4 AS c WHERE false');
    expect(rows).toEqual([{ a: 1 }, { b: 2 }, { b: 3 }]);
  });

  it('keeps a RETURNING in the middle of BEGIN ... COMMIT', async () => {
    await db.executeSql('CREATE TABLE IF NOT EXISTS t (id serial PRIMARY KEY, v text)');
    const { rows } = await db.executeSql("BEGIN; INSERT INTO t (v) VALUES ('x') RETURNING v; COMMIT;");
    expect(rows).toEqual([{ v: 'x' }]);
  });

  it('binds parameters (extended protocol, one statement)', async () => {
    const { rows } = await db.executeSql('SELECT $1::int + $2::int AS sum, $3::jsonb AS doc', [2, 3, JSON.stringify({ a: [1] })]);
    expect(rows).toEqual([{ sum: 5, doc: { a: [1] } }]);
  });

  it('rejects a failing statement with the database error', async () => {
    await expect(db.executeSql('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    // And the connection is still usable afterwards.
    await expect(db.executeSql('SELECT 1 AS ok')).resolves.toEqual({ rows: [{ ok: 1 }] });
  });
});

describe('JourneysOutbox on PGlite', () => {
  it('enqueues inside PGlite transactions (rollback drops, commit keeps) while a worker delivers, each once', async () => {
    const pglite = new PGlite();
    const outbox = new JourneysOutbox({ boss: createEmbeddedBoss(pglite), client });
    try {
      await outbox.start();
      await pglite.exec('CREATE TABLE signup (email text PRIMARY KEY)');
      await outbox.work({ concurrency: 2, pollIntervalMs: 500 });
      const committed: string[] = [];
      for (let i = 0; i < 10; i++) {
        const email = `pglite-${i}@example.com`;
        const outcome = i % 3 === 0 ? 'rollback' : 'commit';
        await pglite
          .transaction(async (tx) => {
            await tx.query('INSERT INTO signup (email) VALUES ($1)', [email]);
            const { idempotencyKey } = await outbox.enqueue('welcome', { profile: { email } }, { db: tx });
            if (outcome === 'rollback') throw new Error('rollback');
            committed.push(idempotencyKey);
          })
          .catch((error: Error) => {
            if (error.message !== 'rollback') throw error;
          });
      }
      await waitFor('the committed runs', () => server.invocations.filter((r) => r.templateId === 'welcome').length >= committed.length, 120_000);
      // A real sleep on purpose: it shows NO rolled-back job is delivered (one would show up by now).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const runs = server.invocations.filter((r) => r.templateId === 'welcome');
      expect(runs.map((r) => r.idempotencyKey).sort()).toEqual([...committed].sort());
      expect((await pglite.query('SELECT count(*)::int AS n FROM signup')).rows).toEqual([{ n: committed.length }]);
    } finally {
      await outbox.stop();
      await pglite.close();
    }
  }, 180_000);

  it('keeps enqueued jobs in a data directory across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journeykit-outbox-'));
    try {
      const first = new PGlite(dir);
      const producer = new JourneysOutbox({ boss: createEmbeddedBoss(first), client });
      await producer.start();
      const { idempotencyKey } = await producer.enqueue('persisted', { user_id: 'u-disk' });
      await producer.stop();
      await first.close();

      const second = new PGlite(dir);
      const worker = new JourneysOutbox({ boss: createEmbeddedBoss(second), client });
      await worker.work({ pollIntervalMs: 500 });
      await waitFor('the run after the restart', () => server.invocations.some((r) => r.idempotencyKey === idempotencyKey), 120_000);
      await worker.stop();
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('createEmbeddedBoss refuses what is not a PGlite', () => {
    expect(() => createEmbeddedBoss({} as never)).toThrow(/PGlite/);
  });
});
