/**
 * The `transport` option: which values it takes, and what fetch cannot do (it has no connections
 * to limit, queue for or hand to a dispatcher), refused at construction with the fix.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { JourneysClient, JourneysConfigurationError, type JourneysClientOptions } from '../../src/index.js';

const apiKey = 'sk_test_transport';

describe('transport: what the constructor refuses', () => {
  it.each<[string, JourneysClientOptions, RegExp]>([
    ['an unknown name', { transport: 'xhr' as 'fetch' }, /^transport must be 'undici' or 'fetch', got a string \(3 characters\)$/],
    ['fetch with connections', { transport: 'fetch', connections: 8 }, /^connections needs the undici transport; with transport 'fetch'/],
    ['fetch with queueTimeoutMs', { transport: 'fetch', queueTimeoutMs: 1_000 }, /^queueTimeoutMs needs the undici transport/],
    ['fetch with a dispatcher', { transport: 'fetch', dispatcher: new Agent() }, /^dispatcher needs the undici transport/],
    [
      'fetch with all three',
      { transport: 'fetch', connections: 8, queueTimeoutMs: 1, dispatcher: new Agent() },
      /^connections, queueTimeoutMs, dispatcher need the undici transport/,
    ],
  ])('%s', (_name, options, message) => {
    let error: unknown;
    try {
      new JourneysClient({ apiKey, ...options });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(JourneysConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it.each<[string, JourneysClientOptions]>([
    ['undici by name', { transport: 'undici', connections: 4 }],
    ['fetch by name', { transport: 'fetch' }],
    ['a dispatcher without a name (undici)', { dispatcher: new Agent() }],
  ])('accepts %s', async (_name, options) => {
    const client = new JourneysClient({ apiKey, ...options });
    await client.close();
  });
});
