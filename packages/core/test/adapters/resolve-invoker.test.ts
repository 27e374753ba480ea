import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { JourneysClient, JourneysConfigurationError, defineJourneys, type JourneysInvoker } from '../../src/index.js';
import { resolveInvoker } from '../../src/internal.js';

const ready: JourneysInvoker = { invoke: async () => ({ runId: 'r' }) };
const catalog = defineJourneys({ welcome: {} });

describe('resolveInvoker: a client or client options, plus a catalog', () => {
  it('creates and owns a JourneysClient from client options', async () => {
    const { invoker, untyped, owned } = resolveInvoker('test()', {
      apiKey: 'sk_test_resolve',
      baseUrl: 'http://127.0.0.1:9',
      catalog,
      timeoutMs: undefined,
    });
    expect(owned).toBeInstanceOf(JourneysClient);
    expect(invoker).toBe(owned);
    expect(untyped).toBe(owned?.untyped);
    await expect(invoker.invoke('nope', { user_id: 'u' })).rejects.toBeInstanceOf(JourneysConfigurationError);
    await owned?.close();
  });

  it('uses a given client as is, not owned, behind the catalog check when there is one', async () => {
    const plain = resolveInvoker('test()', { client: ready });
    expect(plain).toEqual({ invoker: ready, untyped: ready, owned: undefined });
    const checked = resolveInvoker('test()', { client: ready, catalog });
    await expect(checked.invoker.invoke('welcome', { user_id: 'u' })).resolves.toEqual({ runId: 'r' });
    await expect(checked.invoker.invoke('nope', { user_id: 'u' })).rejects.toBeInstanceOf(JourneysConfigurationError);
    expect(checked.untyped).toBe(ready);
  });

  it.each([
    [
      'a client and client options',
      { client: ready, apiKey: 'sk_live_never_printed', timeoutMs: 5 },
      /test\(\): pass either client or JourneysClient options, not both \(got client and client options \(apiKey, timeoutMs\)\)/,
    ],
    ['a client without invoke()', { client: { send() {} } }, /test\(\): client must implement invoke/],
    ['a catalog not from defineJourneys', { client: ready, catalog: { journeys: {} } }, /defineJourneys/],
    ['no API key', { apiKey: '' }, /No Courier API key/],
  ])('refuses %s with a configuration error that never shows the key', (_name, options, message) => {
    let error: unknown;
    try {
      resolveInvoker('test()', options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JourneysConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect(inspect(error)).not.toContain('sk_live_never_printed');
  });
});
