import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysClient, JourneysValidationError } from '../../src/index.js';
import { startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

describe('idempotencyExpiresAt', () => {
  let server: LocalServer;
  let client: JourneysClient;
  beforeAll(async () => {
    server = await startLocalServer();
    client = new JourneysClient({ apiKey: 'sk_test_expiry', baseUrl: server.url });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('is sent as X-Idempotency-Expiration in ISO 8601, with the Idempotency-Key', async () => {
    server.requests.length = 0;
    const at = new Date(Date.now() + 30 * 3_600_000);
    await client.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'k-1', idempotencyExpiresAt: at });
    expect(server.requests[0]?.headers['x-idempotency-expiration']).toBe(at.toISOString());
    expect(server.requests[0]?.headers['idempotency-key']).toBe('k-1');
  });

  it('is absent unless asked for', async () => {
    server.requests.length = 0;
    await client.invoke('welcome', { user_id: 'u1' });
    expect(server.requests[0]?.headers).not.toHaveProperty('x-idempotency-expiration');
  });

  it.each([
    ['an invalid Date', new Date('nope'), 'an invalid Date'],
    ['a number', 1_900_000_000, 'a number'],
    ['a string', '2030-01-01', 'a string (10 characters)'],
  ])('rejects %s with a validation error before sending', async (_name, value, got) => {
    server.requests.length = 0;
    const error = await client.invoke('welcome', { user_id: 'u1' }, { idempotencyExpiresAt: value as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect((error as JourneysValidationError).issues).toEqual([
      { path: ['options', 'idempotencyExpiresAt'], message: `must be a valid Date, got ${got}` },
    ]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('enqueue helpers', () => {
  it('prepareEnqueue reports every problem at once', async () => {
    const { prepareEnqueue } = await import('../../src/internal.js');
    const error = (() => {
      try {
        prepareEnqueue('welcome', {}, { startAfter: 'x' as never, db: 1 }, { checkDb: () => 'no db here' });
      } catch (e) {
        return e as JourneysValidationError;
      }
    })();
    expect(error?.issues.map((i) => i.path.join('.'))).toEqual(['', 'options.db', 'options.startAfter']);
  });
});
