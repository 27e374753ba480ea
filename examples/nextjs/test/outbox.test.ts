import { randomBytes } from 'node:crypto';
import { databaseUrl, waitFor } from '@journeykit/test-support/postgres';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { POST as placeOrder } from '../src/app/api/orders/route';
import { closeDatabase, database } from '../src/lib/database';
import { postJson, serveRoutes, type RouteServer } from './next-request-scope';

// The outbox in a Node-runtime route handler's transaction, on the real PostgreSQL server
// (JOURNEYKIT_TEST_DATABASE_URL), in a database of its own: the recipe's pg-boss keeps its default
// schema, as an app's would.
const API_KEY = 'sk_test_outbox_recipe';
const name = `jk_next_${randomBytes(4).toString('hex')}`;
let admin: pg.Client;
let appDb: pg.Pool;
let courier: FakeCourierServer;
let app: RouteServer;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: databaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  appDb = new pg.Pool({ connectionString: url.href, max: 2 });
  await appDb.query('CREATE TABLE orders (id bigserial PRIMARY KEY, user_id text NOT NULL, total_cents integer NOT NULL)');
  courier = await startFakeCourier({ apiKey: API_KEY });
  vi.stubEnv('COURIER_API_KEY', API_KEY);
  vi.stubEnv('COURIER_BASE_URL', courier.url);
  vi.stubEnv('DATABASE_URL', url.href);
  app = await serveRoutes({ '/api/orders': placeOrder });
});
afterAll(async () => {
  await app?.close();
  await closeDatabase();
  await appDb?.end();
  // Not WITH (FORCE): a connection pg-boss is still closing would get a FATAL error event.
  await waitFor('the test database’s connections to close', async () => {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    return rows[0]!.n === 0;
  });
  await admin?.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin?.end();
  await courier?.close();
  vi.unstubAllEnvs();
});
beforeEach(() => courier.reset());

const jobsOf = async (orderId: unknown) =>
  (
    await appDb.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = 'journeykit-invoke' AND data->>'idempotencyKey' = $1`, [
      `order-${String(orderId)}-placed`,
    ])
  ).rows;
const ordersOf = async (userId: string) => (await appDb.query('SELECT id FROM orders WHERE user_id = $1', [userId])).rows;

describe('POST /api/orders: the order and its journey in one transaction', () => {
  it('while Courier is down: the order is taken (201) and its journey is stored, nothing sent yet', async () => {
    courier.inject({ kind: 'status', status: 503, stored: false }, { times: Infinity });
    const answer = await postJson(`${app.url}/api/orders`, { user_id: 'usr_ada', email: 'ada@example.com', total_cents: 3250 });
    expect(answer.status).toBe(201);
    expect(await ordersOf('usr_ada')).toHaveLength(1);
    expect(await jobsOf(answer.body.id)).toStrictEqual([{ state: 'created' }]);
    expect(courier.requests).toHaveLength(0);
  });

  it('a worker delivers it with the key fixed in the route', async () => {
    const answer = await postJson(`${app.url}/api/orders`, { user_id: 'usr_grace', email: 'grace@example.com', total_cents: 990 });
    expect(answer.status).toBe(201);
    const { outbox } = await database();
    await outbox.work({ pollIntervalMs: 500 }); // in the app: a process of its own
    await waitFor('the order-placed journey', () => courier.invocations.some((i) => i.idempotencyKey === `order-${String(answer.body.id)}-placed`));
    expect(courier.invocations.find((i) => i.idempotencyKey === `order-${String(answer.body.id)}-placed`)).toMatchObject({
      templateId: 'order-placed',
      request: { user_id: 'usr_grace', profile: { email: 'grace@example.com' }, data: { order_id: answer.body.id, total_cents: 990 } },
    });
  });

  it('bad input: 400 with what to fix, and the rollback keeps neither the order nor a job', async () => {
    // Counted by creation time: the worker of the test above may delete delivered jobs meanwhile.
    const {
      rows: [start],
    } = await appDb.query<{ now: Date }>('SELECT now()');
    const answer = await postJson(`${app.url}/api/orders`, { user_id: '', email: '', total_cents: 100 });
    expect(answer).toMatchObject({
      status: 400,
      body: { error: 'invalid', issues: [{ path: ['user_id'], message: expect.stringContaining('must not be empty') }] },
    });
    expect(await ordersOf('')).toHaveLength(0); // inserted before enqueue refused: rolled back
    const { rows } = await appDb.query(`SELECT id FROM pgboss.job WHERE name = 'journeykit-invoke' AND created_on >= $1`, [start!.now]);
    expect(rows).toStrictEqual([]);
  });
});
