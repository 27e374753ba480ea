/**
 * The failure paths of the proof list that need the database to fail: down at enqueue,
 * down during delivery. (Worker killed after Courier's 200: processes.test.ts; Courier down past
 * the horizon: delivery.test.ts.) The database is the real server behind a TCP proxy that can cut it off.
 */
import { JourneysClient } from '@journeykit/core';
import { startTcpProxy, type TcpProxy } from '@journeykit/test-support/tcp-proxy';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysOutbox, JourneysOutboxError } from '../src/index.js';
import { databaseUrl, freshSchema, jobStates, testBoss, testPool, waitFor } from '@journeykit/test-support/postgres';

const API_KEY = 'sk_test_outbox_failures';
const pool = testPool();
let server: FakeCourierServer;
let proxy: TcpProxy;
let proxiedUrl: string;

beforeAll(async () => {
  server = await startFakeCourier({ apiKey: API_KEY });
  proxy = await startTcpProxy(databaseUrl(), { defaultPort: 5432 });
  const url = new URL(databaseUrl());
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  proxiedUrl = url.toString();
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  await pool.end();
});

describe('database down at enqueue', () => {
  it("the caller's transaction connection is gone: JourneysOutboxError, nothing stored, the app's transaction fails as a whole", async () => {
    const schema = freshSchema();
    const outbox = new JourneysOutbox({ boss: testBoss(schema), client: new JourneysClient({ apiKey: API_KEY, baseUrl: server.url }) });
    await outbox.start();
    const tx = await pool.connect();
    tx.on('error', () => undefined); // the terminated connection reports here too
    try {
      await tx.query('BEGIN');
      const { rows } = await tx.query('SELECT pg_backend_pid() AS pid');
      await pool.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      const error = await outbox.enqueue('welcome', { user_id: 'u1' }, { db: tx }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JourneysOutboxError);
      expect((error as JourneysOutboxError).code).toBe('ERR_JOURNEYS_OUTBOX');
      expect((error as Error).message).toMatch(/nothing was enqueued/);
      expect((error as Error).cause).toBeInstanceOf(Error);
      expect(await jobStates(pool, schema, outbox.queue)).toHaveLength(0);
    } finally {
      tx.release(true);
      await outbox.stop();
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });

  it('the server is unreachable: enqueue without db rejects with JourneysOutboxError, and works again once it is back', async () => {
    const schema = freshSchema();
    const outbox = new JourneysOutbox({
      boss: testBoss(schema, { connectionString: proxiedUrl, connectionTimeoutMillis: 2_000 }),
      client: new JourneysClient({ apiKey: API_KEY, baseUrl: server.url }),
      hooks: { onError: () => undefined },
    });
    await outbox.start();
    try {
      proxy.down();
      await expect(outbox.enqueue('welcome', { user_id: 'u-down' })).rejects.toBeInstanceOf(JourneysOutboxError);
      proxy.up();
      await expect(outbox.enqueue('welcome', { user_id: 'u-back' })).resolves.toMatchObject({ jobId: expect.any(String) });
      const stored = (await jobStates(pool, schema, outbox.queue)).map((j) => (j.data.request as { user_id: string }).user_id);
      expect(stored).toEqual(['u-back']);
    } finally {
      proxy.up();
      await outbox.stop();
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });

  it('start() against an unreachable server rejects with JourneysOutboxError', async () => {
    const outbox = new JourneysOutbox({
      boss: testBoss(freshSchema(), { connectionString: 'postgres://postgres@127.0.0.1:1/postgres', connectionTimeoutMillis: 1_000 }),
      client: new JourneysClient({ apiKey: API_KEY, baseUrl: server.url }),
      hooks: { onError: () => undefined },
    });
    const error = await outbox.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysOutboxError);
    expect((error as Error).message).toMatch(/Could not start the outbox/);
  });
});

describe('database down during delivery', () => {
  it('Courier answered but the completion could not be written: the job is delivered again once the database is back, and the journey runs once', async () => {
    const schema = freshSchema();
    const errors: Error[] = [];
    const delivered: string[] = [];
    let sent = 0;
    const client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, hooks: { onRequest: () => void sent++ } });
    const outbox = new JourneysOutbox({
      boss: testBoss(schema, { connectionString: proxiedUrl, connectionTimeoutMillis: 2_000 }),
      client,
      heartbeatMs: 10_000,
      retry: { horizonMs: 600_000, initialDelayMs: 1000, maxDelayMs: 2000 },
      hooks: { onError: ({ error }) => void errors.push(error), onDeliver: ({ runId }) => void delivered.push(runId) },
    });
    await outbox.start();
    await outbox.work({ pollIntervalMs: 500 });
    try {
      server.inject({ kind: 'delay', durationMs: 1_500 });
      const { jobId, idempotencyKey } = await outbox.enqueue('welcome', { user_id: 'u-db-down' });
      await waitFor('the request to reach Courier', () => sent === 1, 10_000);
      // Courier holds its answer 1.5 s; the database goes away meanwhile.
      proxy.down();
      await waitFor('Courier’s answer', () => delivered.length >= 1, 10_000);
      // The completion that follows Courier's answer fails against the missing database (pg-boss reports it).
      const errorsBefore = errors.length;
      await waitFor('pg-boss to fail against the missing database', () => errors.length > errorsBefore, 30_000);
      proxy.up();
      await waitFor('the job deleted once delivered', async () => !(await jobStates(pool, schema, outbox.queue)).some((j) => j.id === jobId), 60_000);

      expect(server.invocations).toHaveLength(1);
      expect(new Set(server.requests.map((r) => r.idempotencyKey))).toEqual(new Set([idempotencyKey]));
      // Every delivery (the first, whose completion was lost, and any redelivery) got the one run.
      expect(new Set(delivered)).toEqual(new Set([server.invocations[0]!.runId]));
      expect(errors.length).toBeGreaterThan(0); // pg-boss's own faults reached the onError hook
    } finally {
      proxy.up();
      await outbox.stop();
      await client.close();
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  }, 90_000);
});
