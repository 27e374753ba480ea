import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysApiError, JourneysClient } from '../../src/index.js';
import { echoesSentValue } from '../../src/contract/echoed-request-id.js';
import { json, startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

const body = new TextEncoder().encode(JSON.stringify({ user_id: 'u1', data: { ssn: '078-05-1120', note: 'say "hi"' } }));

describe('a request id that echoes a value the call sent', () => {
  it.each<[string, string, boolean]>([
    ['a string value of the body', '078-05-1120', true],
    ['the user id', 'u1', true],
    ['a value with quotes, as JSON escaped it', 'say "hi"', true],
    ['the idempotency key', 'key-1', true],
    ['text that is only part of a value', '078-05', false],
    ['a key of the body, not a value', 'ssn', false],
    ['an id the request never carried', 'req-8f2c', false],
  ])('%s: echoes is %s', (_name, requestId, echoes) => {
    expect(echoesSentValue(requestId, { idempotencyKey: 'key-1', body })).toBe(echoes);
  });

  it('is not an echo when nothing was sent', () => {
    expect(echoesSentValue('u1', { idempotencyKey: undefined, body: undefined })).toBe(false);
  });
});

describe('JourneysApiError.requestId over HTTP', () => {
  let server: LocalServer;
  let client: JourneysClient;
  beforeAll(async () => {
    server = await startLocalServer();
    client = new JourneysClient({ apiKey: 'sk_test_echo', baseUrl: server.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it.each<[string, string, string | undefined]>([
    ['drops an id that is a value of the body sent', '078-05-1120', undefined],
    ['keeps an id the request never carried', 'req-8f2c', 'req-8f2c'],
  ])('%s', async (_name, requestId, expected) => {
    server.respond = (_req, res) => json(res, 500, { message: 'boom' }, { 'x-request-id': requestId });
    const error = await client.invoke('welcome', { user_id: 'u1', data: { ssn: '078-05-1120' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysApiError);
    expect((error as JourneysApiError).requestId).toBe(expected);
  });
});
