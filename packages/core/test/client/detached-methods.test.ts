import { describe, expect, it } from 'vitest';
import { JourneysClient } from '../../src/index.js';
import { startLocalServer } from '@journeykit/test-support/local-server';

describe('methods work detached from the client', () => {
  it('const { invoke, close } = client; array.map(client.invoke); untyped.invoke', async () => {
    const server = await startLocalServer();
    const client = new JourneysClient({ apiKey: 'sk_test_detached', baseUrl: server.url });
    const { invoke, close } = client;
    await expect(invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: 'run-1' });
    const mapped = await Promise.all(['a', 'b'].map((id) => ({ user_id: id })).map((request) => client.invoke.call(undefined, 'welcome', request)));
    expect(mapped).toEqual([{ runId: 'run-1' }, { runId: 'run-1' }]);
    const { invoke: untypedInvoke } = client.untyped;
    await expect(untypedInvoke('welcome', { user_id: 'u2' })).resolves.toEqual({ runId: 'run-1' });
    await close();
    await expect(invoke('welcome', { user_id: 'u1' })).rejects.toMatchObject({ code: 'ERR_JOURNEYS_CLOSED' });
    expect(server.requests).toHaveLength(4);
    await server.close();
  });
});
