import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { JourneysClient, type InvokeManyResult } from '../../src/index.js';
import { json, startLocalServer, type SeenRequest } from '@journeykit/test-support/local-server';
import type { ServerResponse } from 'node:http';

const run = { run_id: 'r1', source: ['api'], status: 'PROCESSED' };

/** Answers each endpoint the client calls with Courier's shape for it. */
function courier(req: SeenRequest, res: ServerResponse): void {
  if (req.url.endsWith('/invoke')) json(res, 200, { runId: 'run-1' });
  else if (req.url === '/journeys/cancel') json(res, 202, { run_id: 'r1', status: 'CANCELED' });
  else if (req.url === '/journeys/runs/r1') json(res, 200, { run });
  else if (req.url === '/journeys/runs/r1/steps') json(res, 200, { steps: [] });
  else if (req.url.startsWith('/journeys/runs')) json(res, 200, { runs: [run] });
  else json(res, 404, { message: 'no such endpoint', type: 'not_found' });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('methods work detached from the client', () => {
  it('every method of JourneysClient is bound to its client (a new method cannot be left out)', () => {
    const client = new JourneysClient({ apiKey: 'sk_test_detached', baseUrl: 'http://127.0.0.1:9' });
    const proto = JourneysClient.prototype as unknown as Record<PropertyKey, unknown>;
    const methods = Reflect.ownKeys(proto).filter(
      (key) => key !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, key)?.value === 'function',
    );
    expect(methods.length).toBeGreaterThanOrEqual(6);
    const unbound = methods.filter((key) => (client as unknown as Record<PropertyKey, unknown>)[key] === proto[key]).map(String);
    expect(unbound).toEqual([]);
  });

  it('each method called detached does its job: invoke, array.map(client.invoke), invokeMany, cancel, runs.*, untyped, toJSON, close', async () => {
    const server = await startLocalServer(courier);
    const client = new JourneysClient({ apiKey: 'sk_test_detached', baseUrl: server.url });
    const { invoke, invokeMany, cancel, runs, untyped, toJSON, close } = client;

    await expect(invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: 'run-1' });
    // array.map hands the method (value, index, array): the index arrives as the request, so the
    // client refuses it as bad input (TypeScript refuses the call, hence the cast; JavaScript allows
    // it). A typed validation error, not a TypeError about `this`, shows the detached method reached its client.
    const mapped = await Promise.allSettled(['welcome'].map(client.invoke as (templateId: string) => Promise<unknown>));
    expect(mapped[0]).toMatchObject({ status: 'rejected', reason: { code: 'ERR_JOURNEYS_VALIDATION' } });
    expect(String((mapped[0] as PromiseRejectedResult).reason.message)).toContain('request must be a plain object');

    const results: InvokeManyResult[] = await collect(invokeMany([{ templateId: 'welcome', request: { user_id: 'u2' } }]));
    expect(results).toEqual([{ index: 0, ok: true, runId: 'run-1' }]);
    await expect(cancel({ run_id: 'r1' })).resolves.toEqual({ run_id: 'r1', status: 'CANCELED' });
    const { get, steps, list, waitFor } = runs;
    await expect(get('r1')).resolves.toMatchObject({ run_id: 'r1' });
    await expect(steps('r1')).resolves.toEqual([]);
    await expect(collect(list())).resolves.toHaveLength(1);
    await expect(waitFor('r1')).resolves.toMatchObject({ status: 'PROCESSED' });
    const { invoke: untypedInvoke } = untyped;
    await expect(untypedInvoke('welcome', { user_id: 'u3' })).resolves.toEqual({ runId: 'run-1' });
    expect(toJSON()).toEqual({ baseUrl: server.url });
    expect(inspect(client)).not.toContain('sk_test_detached');

    await close();
    await expect(invoke('welcome', { user_id: 'u1' })).rejects.toMatchObject({ code: 'ERR_JOURNEYS_CLOSED' });
    // invoke, invokeMany's item, cancel, get, steps, list, waitFor, untyped: the rejected map item sent nothing.
    expect(server.requests).toHaveLength(8);
    await server.close();
  });

  it('`await using` and a detached Symbol.asyncDispose close the client', async () => {
    const server = await startLocalServer(courier);
    const client = new JourneysClient({ apiKey: 'sk_test_detached', baseUrl: server.url });
    const dispose = client[Symbol.asyncDispose];
    await dispose();
    await expect(client.invoke('welcome', { user_id: 'u1' })).rejects.toMatchObject({ code: 'ERR_JOURNEYS_CLOSED' });
    await server.close();
  });
});
