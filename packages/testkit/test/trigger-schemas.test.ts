/**
 * The fakes enforce each journey's trigger schema as Courier does. Courier's docs: "Courier validates
 * the data payload against it when the trigger node executes" and "Courier does not reject invocations
 * that omit schema fields" (an invoke gets 200 and a runId; the run fails later). courier-node 9.1.0,
 * src/resources/journeys/journeys.ts, `JourneyAPIInvokeTriggerNode.schema`: "A JSONSchema object
 * (Draft-07-compatible). Validated at runtime by Ajv."
 */
import { afterEach, describe, expect, it } from 'vitest';
import { JourneysApiError, JourneysClient, type JourneysInvoker, type JourneysLifecycle } from '@journeykit/core';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer, type FakeInvocation } from '../src/index.js';
import { toHaveInvokedJourney } from '../src/matchers/matchers.js';
import '../src/vitest.js';
import { SIGNUP } from './support/journey-definitions.js';

const KEY = 'sk_test_trigger_schemas';
interface Subject {
  journeys: JourneysInvoker & JourneysLifecycle;
  invocations: () => readonly FakeInvocation[];
  logged: string[];
}
const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

async function overHttp(strict: boolean): Promise<Subject> {
  const logged: string[] = [];
  const server: FakeCourierServer = await startFakeCourier({
    apiKey: KEY,
    journeyDefinitions: [SIGNUP],
    strictTriggerSchemas: strict,
    log: (line) => logged.push(line),
  });
  const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url, retryDelayMs: 1 });
  open.push(
    () => client.close(),
    () => server.close(),
  );
  return { journeys: client, invocations: () => server.invocations, logged };
}

async function inMemory(strict: boolean): Promise<Subject> {
  const fake = new FakeJourneysClient({ journeyDefinitions: [SIGNUP], strictTriggerSchemas: strict });
  return { journeys: fake, invocations: () => fake.invocations, logged: [] };
}

describe.each([
  ['the fake server, through JourneysClient', overHttp],
  ['FakeJourneysClient', inMemory],
])('%s: trigger schemas from journeyDefinitions', (_name, make) => {
  it('a payload that fails the schema gets a runId; the run ends ERROR at a failed trigger step', async () => {
    const { journeys, invocations, logged } = await make(false);
    const { runId } = await journeys.invoke('signup', { user_id: 'u1', data: { plan: 'gold', signed_up_at: 'yesterday' } });
    expect(await journeys.runs.get(runId)).toMatchObject({ run_id: runId, status: 'ERROR', template_id: 'signup' });
    expect(await journeys.runs.steps(runId)).toEqual([expect.objectContaining({ action: 'trigger', status: 'ERROR' })]);
    expect(await journeys.runs.waitFor(runId, { timeoutMs: 2_000, pollIntervalMs: 10 })).toMatchObject({ status: 'ERROR' });
    const mismatch = invocations()[0]?.triggerSchemaMismatch;
    expect(mismatch).toEqual({
      version: 'v1',
      nodeId: 'trigger-1',
      problems: ['data.plan: must be one of "free", "pro"', 'data.signed_up_at: must match format "date-time"'],
    });
    if (logged.length > 0) {
      expect(logged.find((l) => l.includes('/invoke'))).toContain(
        'run ERROR: data failed the trigger schema of journey "signup" (v1): data.plan: must be one of "free", "pro"',
      );
    }
  });

  it('a missing required field fails the same way; a good payload runs as usual', async () => {
    const { journeys } = await make(false);
    const bad = await journeys.invoke('signup', { user_id: 'u1', data: {} });
    const good = await journeys.invoke('signup', { user_id: 'u2', data: { plan: 'pro', signed_up_at: '2026-12-07T10:00:00Z' } });
    expect((await journeys.runs.get(bad.runId)).status).toBe('ERROR');
    expect((await journeys.runs.get(good.runId)).status).toBe('PROCESSING');
  });

  it('the matchers name the field when an assertion fails', async () => {
    const { journeys, invocations } = await make(false);
    await journeys.invoke('signup', { user_id: 'u1', data: { plan: 'gold' } });
    const result = toHaveInvokedJourney({ invocations: invocations() }, 'signup', { user_id: 'u2' });
    expect(result.pass).toBe(false);
    expect(result.message()).toContain('run ERROR: data failed the trigger schema of journey "signup" (v1): data.plan: must be one of "free", "pro"');
  });

  it('strictTriggerSchemas: the call fails with a 400 that says why, and no run is made', async () => {
    const { journeys, invocations } = await make(true);
    const error = await journeys.invoke('signup', { user_id: 'u1', data: { plan: 'gold' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysApiError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toContain('data.plan: must be one of "free", "pro"');
    expect(invocations()).toHaveLength(0);
    await expect(journeys.invoke('signup', { user_id: 'u1', data: { plan: 'free' } })).resolves.toMatchObject({ runId: expect.any(String) });
  });

  it('journeys.get answers the same definitions the schema came from; an unknown one is a 404 JourneysApiError', async () => {
    const { journeys } = await make(false);
    expect(await journeys.journeys.get('signup')).toMatchObject({ id: 'signup', nodes: SIGNUP.nodes, state: 'PUBLISHED' });
    await expect(journeys.journeys.get('nope')).rejects.toMatchObject({ status: 404 });
    const ids: string[] = [];
    for await (const j of journeys.journeys.list()) ids.push(j.id);
    expect(ids).toEqual(['signup']);
    expect((await journeys.journeys.versions('signup')).map((v) => v.version)).toEqual(['v1']);
  });
});

it('a trigger schema Ajv cannot compile fails the run at its trigger and says why', async () => {
  const broken = { id: 'broken', name: 'Broken', nodes: [{ id: 't', type: 'trigger', trigger_type: 'api-invoke', schema: { type: 'objekt' } }] };
  const fake = new FakeJourneysClient({ journeyDefinitions: [broken] });
  const { runId } = await fake.invoke('broken', { user_id: 'u1', data: {} });
  expect((await fake.runs.get(runId)).status).toBe('ERROR');
  expect(fake.invocations[0]?.triggerSchemaMismatch?.problems[0]).toMatch(/^the trigger schema is not a valid Draft-07 schema: /);
});
