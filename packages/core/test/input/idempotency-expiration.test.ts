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

  const now = Date.parse('2026-03-01T00:00:00Z');
  it.each([
    ['a Date', { startAfter: new Date(now + 5000) }, now + 5000],
    ['a Date in the past (at once)', { startAfter: new Date(now - 5000) }, now],
    ['a delay in ms', { delayMs: 60_000 }, now + 60_000],
    ['no delay', { delayMs: 0 }, now],
    ['neither', {}, undefined],
  ])('enqueue options: %s is due at the expected time', async (_name, options, dueAt) => {
    const { prepareEnqueue } = await import('../../src/internal.js');
    expect(prepareEnqueue('welcome', { user_id: 'u1' }, options, { now }).dueAt).toBe(dueAt);
  });

  it.each([
    [
      'startAfter as seconds (its old meaning)',
      { startAfter: 60 },
      'options.startAfter',
      /must be a Date; for a delay from now, give delayMs \(milliseconds\), got 60/,
    ],
    ['an invalid Date', { startAfter: new Date('nope') }, 'options.startAfter', /must be a valid Date/],
    ['a negative delay', { delayMs: -1 }, 'options.delayMs', /whole number of milliseconds >= 0, got -1/],
    ['a fractional delay', { delayMs: 1.5 }, 'options.delayMs', /whole number of milliseconds/],
    ['a delay as a string', { delayMs: '60000' }, 'options.delayMs', /got a string/],
    ['both startAfter and delayMs', { startAfter: new Date(now + 1000), delayMs: 1000 }, 'options.delayMs', /not both/],
    ['a delay past the limit', { delayMs: 2 * 86_400_000 }, 'options.delayMs', /at most 1 days ahead/],
    [
      'delay, a name from other queues',
      { delay: 5000 },
      'options.delay',
      /unknown option \(did you mean delayMs\?\); enqueue takes db, idempotencyKey, startAfter, delayMs/,
    ],
    ['a misspelt key option', { idempotencykey: 'k' }, 'options.idempotencykey', /did you mean idempotencyKey\?/],
    ['an option of invoke', { timeoutMs: 5 }, 'options.timeoutMs', /unknown option; enqueue takes/],
  ])('enqueue options: %s is refused, naming the option', async (_name, options, path, message) => {
    const { prepareEnqueue } = await import('../../src/internal.js');
    let error: JourneysValidationError | undefined;
    try {
      prepareEnqueue('welcome', { user_id: 'u1' }, options as never, { now, maxDelayMs: 86_400_000 });
    } catch (e) {
      error = e as JourneysValidationError;
    }
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect(error?.issues).toEqual([{ path: path.split('.'), message: expect.stringMatching(message) }]);
  });
});
