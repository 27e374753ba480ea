/**
 * The in-memory fake and the real client accept and reject exactly the same inputs, with the
 * same error classes, codes, messages and issues; and what the fake records equals what the real
 * client puts on the wire (as the fake server records it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JourneysClient,
  JourneysError,
  JourneysValidationError,
  type InvokeRequest,
  type InvokeResponse,
  type JourneyRun,
  type JourneysInvoker,
} from '@journeykit/core';
import { badInputs, goodInputs, named, type InputCase } from '@journeykit/test-support/cases';
import { FakeJourneysClient, RUN_ID_PATTERN, startFakeCourier, type FakeCourierServer } from '../src/index.js';

let server: FakeCourierServer;
let client: JourneysClient;
const fake = new FakeJourneysClient();

beforeAll(async () => {
  server = await startFakeCourier({ apiKey: 'parity-key' });
  client = new JourneysClient({ apiKey: 'parity-key', baseUrl: server.url, maxRetries: 0 });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

type Settled = { ok: true; value: InvokeResponse } | { ok: false; error: unknown };
const settle = (p: Promise<InvokeResponse>): Promise<Settled> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
const run = (invoker: FakeJourneysClient | JourneysClient, c: InputCase) =>
  settle(invoker.invoke(c.templateId as string, c.request() as InvokeRequest, c.options?.()));

// Rejected too, though not as invalid input: the call was cancelled before it started.
const rejected: InputCase[] = [
  ...badInputs,
  { name: 'already aborted signal', templateId: 'welcome', request: () => ({ user_id: 'u1' }), options: () => ({ signal: AbortSignal.abort() }) },
];

describe('parity: inputs both accept', () => {
  it.each(named(goodInputs))('%s', async (_name, c) => {
    const before = { fake: fake.invocations.length, server: server.invocations.length };
    const [fromFake, fromClient] = await Promise.all([run(fake, c), run(client, c)]);
    expect(fromFake.ok && fromClient.ok).toBe(true);
    if (!fromFake.ok || !fromClient.ok) return;
    expect(fromFake.value.runId).toMatch(RUN_ID_PATTERN);
    expect(fromClient.value.runId).toMatch(RUN_ID_PATTERN);

    expect(fake.invocations).toHaveLength(before.fake + 1);
    expect(server.invocations).toHaveLength(before.server + 1);
    const recordedByFake = fake.invocations.at(-1);
    const recordedByServer = server.invocations.at(-1);
    // The fake's normalised request is exactly what the real client sent over HTTP.
    expect(recordedByFake?.request).toEqual(recordedByServer?.request);
    expect(recordedByFake?.templateId).toBe(recordedByServer?.templateId);
    expect(recordedByFake?.templateId).toBe(c.templateId);
    expect(recordedByFake?.userId).toBe(recordedByServer?.userId);
    expect(recordedByServer?.userId).toBe(c.userId);
    expect(recordedByServer?.runId).toBe(fromClient.value.runId);
    const givenKey = c.options?.().idempotencyKey;
    if (givenKey !== undefined) {
      expect(recordedByFake?.idempotencyKey).toBe(givenKey);
      expect(recordedByServer?.idempotencyKey).toBe(givenKey);
    } else {
      expect(recordedByFake?.idempotencyKey).toEqual(expect.any(String));
      expect(recordedByServer?.idempotencyKey).toEqual(expect.any(String));
    }
  });
});

describe('parity: inputs both reject', () => {
  it.each(named(rejected))('%s', async (_name, c) => {
    const requestsBefore = server.requests.length;
    const runsBefore = fake.invocations.length;
    const [fromFake, fromClient] = await Promise.all([run(fake, c), run(client, c)]);
    expect(fromFake.ok).toBe(false);
    expect(fromClient.ok).toBe(false);
    if (fromFake.ok || fromClient.ok) return;
    const [a, b] = [fromFake.error, fromClient.error];
    expect(a).toBeInstanceOf(JourneysError);
    expect((a as object).constructor).toBe((b as object).constructor);
    expect((a as JourneysError).code).toBe((b as JourneysError).code);
    expect((a as Error).message).toBe((b as Error).message);
    if (b instanceof JourneysValidationError) expect((a as JourneysValidationError).issues).toEqual(b.issues);
    // Nothing reached the server, and the fake recorded nothing.
    expect(server.requests).toHaveLength(requestsBefore);
    expect(fake.invocations).toHaveLength(runsBefore);
  });
});

/**
 * Courier's contract where it applies to the in-memory fake too (courier-contract.test.ts states each
 * fact with its source): the same calls give the same answers from FakeJourneysClient and from a
 * JourneysClient talking to the fake server.
 */
type Lifecycle = JourneysInvoker & Pick<FakeJourneysClient, 'runs'>;
const HOUR = 3_600_000;
const outcome = async (work: () => Promise<unknown>): Promise<unknown> => {
  try {
    return { ok: await work() };
  } catch (error) {
    const e = error as JourneysError;
    return { error: e.constructor.name, code: e.code, message: e.message };
  }
};
const listed = async (client: Lifecycle, filter: Parameters<FakeJourneysClient['runs']['list']>[0]): Promise<JourneyRun[]> => {
  const runs: JourneyRun[] = [];
  for await (const run of client.runs.list(filter)) runs.push(run);
  return runs;
};
const today = (): string => new Date().toISOString().slice(0, 10);
// Fixed once, so both sides are given (and echo in their errors) the same Date.
const inAnHour = new Date(Date.now() + HOUR);
const inOver400Days = new Date(Date.now() + 400 * 24 * HOUR);
const contractCases: [string, (client: Lifecycle) => Promise<unknown>][] = [
  [
    'a run read: source invoke/<journey id>, with updated_at',
    async (c) => {
      const { runId } = await c.invoke('parity-read', { user_id: 'u1' });
      const run = await c.runs.get(runId);
      return { source: run.source, keys: Object.keys(run).sort() };
    },
  ],
  [
    'a list: items without updated_at; date-only bounds take the whole day, both inclusive',
    async (c) => {
      await c.invoke('parity-list', { user_id: 'u1' });
      const runs = await listed(c, { template_id: ['parity-list'], start_date: today(), end_date: today() });
      return runs.map((r) => ({ source: r.source, keys: Object.keys(r).sort() }));
    },
  ],
  [
    'a list: a timestamp bound without offset is UTC, the same instant in memory and as core sends it',
    async (c) => {
      await c.invoke('parity-utc', { user_id: 'u1' });
      const now = new Date();
      const utc = (ms: number): string => new Date(ms).toISOString().slice(0, 23);
      const around = await listed(c, { template_id: ['parity-utc'], start_date: utc(now.getTime() - HOUR), end_date: utc(now.getTime() + HOUR) });
      const after = await listed(c, { template_id: ['parity-utc'], start_date: utc(now.getTime() + HOUR) });
      return [around.length, after.length];
    },
  ],
  ['a list bound that is not ISO 8601', (c) => listed(c, { start_date: 'Aug 18 2026' })],
  ['an idempotencyExpiresAt under 24 h', (c) => c.invoke('parity-exp', { user_id: 'u1' }, { idempotencyExpiresAt: inAnHour })],
  ['an idempotencyExpiresAt past a year', (c) => c.invoke('parity-exp', { user_id: 'u1' }, { idempotencyExpiresAt: inOver400Days })],
  [
    'an idempotencyExpiresAt in range',
    async (c) => typeof (await c.invoke('parity-exp', { user_id: 'u1' }, { idempotencyExpiresAt: new Date(Date.now() + 48 * HOUR) })).runId,
  ],
];

describe("parity: Courier's contract, in memory and over HTTP", () => {
  it.each(contractCases)('%s', async (_name, work) => {
    const overHttp = await outcome(() => work(client));
    const inMemory = await outcome(() => work(new FakeJourneysClient()));
    expect(inMemory).toEqual(overHttp);
  });

  it('the list and read cases answer what Courier documents', async () => {
    const [[, read], [, list]] = contractCases as [[string, (c: Lifecycle) => Promise<unknown>], [string, (c: Lifecycle) => Promise<unknown>]];
    const item = { source: ['invoke/parity-list'], keys: ['created_at', 'run_id', 'source', 'status', 'template_id'] };
    await expect(read(new FakeJourneysClient())).resolves.toEqual({
      source: ['invoke/parity-read'],
      keys: ['created_at', 'run_id', 'source', 'status', 'template_id', 'updated_at'],
    });
    await expect(list(new FakeJourneysClient())).resolves.toEqual([item]);
  });
});
