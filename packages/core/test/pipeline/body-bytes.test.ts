import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pool, type Dispatcher } from 'undici';
import { JourneysClient } from '../../src/index.js';
import { inTurn, json, startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

/** A Pool that records the body of every request it is handed. */
class RecordingPool extends Pool {
  readonly bodies: unknown[] = [];
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.bodies.push(options.body);
    return super.dispatch(options, handler);
  }
}

describe('a call sends its body as one Buffer, made once', () => {
  let server: LocalServer;
  let pool: RecordingPool;
  let client: JourneysClient;
  beforeAll(async () => {
    server = await startLocalServer();
    pool = new RecordingPool(server.url);
    client = new JourneysClient({ apiKey: 'sk_test_body_bytes', baseUrl: server.url, dispatcher: pool, maxRetries: 2, retryDelayMs: 0 });
  });
  afterAll(async () => {
    await client.close();
    await pool.close();
    await server.close();
  });

  it('hands every attempt the same Buffer, holding exactly the JSON that was validated', async () => {
    server.respond = inTurn(
      (_req, res) => json(res, 503, { message: 'busy' }),
      (_req, res) => json(res, 429, { message: 'slow down' }),
      (_req, res) => json(res, 200, { runId: 'run-1' }),
    );
    const data = { at: new Date(0), note: 'é'.repeat(3) };
    await expect(client.invoke('welcome', { user_id: 'u1', data })).resolves.toEqual({ runId: 'run-1' });
    const sent = '{"user_id":"u1","data":{"at":"1970-01-01T00:00:00.000Z","note":"ééé"}}';
    expect(pool.bodies).toHaveLength(3);
    expect(Buffer.isBuffer(pool.bodies[0])).toBe(true);
    expect(pool.bodies[1]).toBe(pool.bodies[0]);
    expect(pool.bodies[2]).toBe(pool.bodies[0]);
    expect((pool.bodies[0] as Buffer).toString('utf8')).toBe(sent);
    expect(server.requests.map((r) => r.body)).toEqual([sent, sent, sent]);
  });

  it('sends no body on a GET', async () => {
    server.respond = (_req, res) => json(res, 200, { run: { run_id: 'r1', status: 'PROCESSING' } });
    pool.bodies.length = 0;
    await client.runs.get('r1').catch(() => undefined);
    expect(pool.bodies).toEqual([undefined]);
  });
});
