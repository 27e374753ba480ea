import { describe, expect, it } from 'vitest';
import {
  JourneysAbortError,
  JourneysApiError,
  JourneysConfigurationError,
  JourneysTimeoutError,
  JourneysValidationError,
  type JourneysInvoker,
} from '@journeykit/core';
import { inspect } from 'node:util';
import { FakeJourneysClient, RUN_ID_PATTERN } from '../src/index.js';

describe('FakeJourneysClient records runs', () => {
  it('records templateId, normalised request, userId, key, runId and time', async () => {
    const fake = new FakeJourneysClient();
    const before = Date.now();
    const request = { profile: { email: 'a@example.com' }, data: { at: new Date('2024-01-02T03:04:05Z'), skip: undefined } };
    const { runId } = await fake.invoke('welcome', request, { idempotencyKey: 'k-1' });
    expect(fake.invocations).toEqual([
      {
        templateId: 'welcome',
        request: { profile: { email: 'a@example.com' }, data: { at: '2024-01-02T03:04:05.000Z' } },
        userId: undefined,
        idempotencyKey: 'k-1',
        runId,
        at: expect.any(Date),
      },
    ]);
    expect(fake.invocations[0]?.at.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('is not affected by later changes to the caller objects', async () => {
    const fake = new FakeJourneysClient();
    const data: Record<string, unknown> = { plan: 'pro', items: ['a'] };
    await fake.invoke('welcome', { user_id: 'u1', data });
    data.plan = 'free';
    (data.items as string[]).push('b');
    expect(fake.invocations[0]?.request).toEqual({ user_id: 'u1', data: { plan: 'pro', items: ['a'] } });
  });

  it('generates a fresh key per call, like JourneysClient', async () => {
    const fake = new FakeJourneysClient();
    await fake.invoke('welcome', { user_id: 'u1' });
    await fake.invoke('welcome', { user_id: 'u1' });
    const [a, b] = fake.invocations;
    expect(a?.idempotencyKey).toMatch(/^journeykit-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a?.idempotencyKey).not.toBe(b?.idempotencyKey);
    expect(a?.runId).not.toBe(b?.runId);
  });

  it('answers the same runId for the same idempotency key and records one run', async () => {
    const fake = new FakeJourneysClient();
    const first = await fake.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'signup-u1' });
    const again = await fake.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'signup-u1' });
    const other = await fake.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'signup-u1-b' });
    expect(again.runId).toBe(first.runId);
    expect(other.runId).not.toBe(first.runId);
    expect(fake.invocations.map((i) => i.idempotencyKey)).toEqual(['signup-u1', 'signup-u1-b']);
  });

  it('rejects what JourneysClient rejects, recording nothing', async () => {
    const fake = new FakeJourneysClient();
    await expect(fake.invoke('welcome', { data: { plan: 'pro' } })).rejects.toBeInstanceOf(JourneysValidationError);
    await expect(fake.invoke('welcome', { user_id: 'u1' }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(JourneysAbortError);
    expect(fake.invocations).toEqual([]);
  });

  it('honours maxRequestBytes like the real client', async () => {
    const fake = new FakeJourneysClient({ maxRequestBytes: 50 });
    await expect(fake.invoke('welcome', { user_id: 'u1', data: { text: 'x'.repeat(60) } })).rejects.toThrow(/over the 50-byte limit/);
    await expect(fake.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: expect.stringMatching(RUN_ID_PATTERN) });
  });

  it('is a JourneysInvoker and closes harmlessly', async () => {
    const fake = new FakeJourneysClient();
    const invoker: JourneysInvoker = fake;
    await fake.close();
    await expect(invoker.invoke('welcome', { user_id: 'u1' })).resolves.toHaveProperty('runId');
    expect(inspect(fake)).toBe('FakeJourneysClient { invocations: 1, cancellations: 0 }');
  });

  it.each([
    ['seed', { seed: 1.5 }, /seed must be a whole number/],
    ['maxRequestBytes', { maxRequestBytes: 0 }, /maxRequestBytes must be a positive whole number/],
    ['misspelt (runStatus)', { runStatus: [] }, /^FakeJourneysClient: unknown option "runStatus" \(did you mean runStatuses\?\)/],
    ['one of JourneysClient (apiKey)', { apiKey: 'sk' }, /^FakeJourneysClient: unknown option "apiKey"; known options are catalog, seed/],
    ['clock without now()', { clock: { tick: 1 } }, /^FakeJourneysClient: clock must have now\(\)/],
  ])('refuses a bad %s option', (_name, options, message) => {
    expect(() => new FakeJourneysClient(options as never)).toThrow(JourneysConfigurationError);
    expect(() => new FakeJourneysClient(options as never)).toThrow(message);
  });
});

describe('FakeJourneysClient scripted replies', () => {
  const rateLimited = new JourneysApiError('Courier answered 429', 429, { message: 'Too Many Requests' });

  it('plays once-replies in order, then the standing reply, per template', async () => {
    const fake = new FakeJourneysClient();
    fake.when('welcome').rejectOnce(rateLimited).resolveOnce('1-00000000-000000000000000000000001').resolve('1-00000000-00000000000000000000000f');
    await expect(fake.invoke('welcome', { user_id: 'u1' })).rejects.toBe(rateLimited);
    await expect(fake.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: '1-00000000-000000000000000000000001' });
    await expect(fake.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: '1-00000000-00000000000000000000000f' });
    await expect(fake.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: '1-00000000-00000000000000000000000f' });
    // Other templates are not scripted.
    const other = await fake.invoke('digest', { user_id: 'u1' });
    expect(other.runId).toMatch(RUN_ID_PATTERN);
    expect(fake.invocations.map((i) => i.templateId)).toEqual(['welcome', 'welcome', 'welcome', 'digest']);
  });

  it('rejects always, with a fresh error per call from a factory', async () => {
    const fake = new FakeJourneysClient();
    fake.when('digest').reject(() => new JourneysTimeoutError(30_000));
    const a = await fake.invoke('digest', { user_id: 'u1' }).catch((e: unknown) => e);
    const b = await fake.invoke('digest', { user_id: 'u1' }).catch((e: unknown) => e);
    expect(a).toBeInstanceOf(JourneysTimeoutError);
    expect(b).toBeInstanceOf(JourneysTimeoutError);
    expect(a).not.toBe(b);
    expect(fake.invocations).toEqual([]);
  });

  it('validates before the script: invalid input is rejected as by the real client', async () => {
    const fake = new FakeJourneysClient();
    fake.when('welcome').resolve('1-00000000-000000000000000000000001');
    await expect(fake.invoke('welcome', {})).rejects.toBeInstanceOf(JourneysValidationError);
  });

  it('does not remember a scripted rejection against the key: a retry with that key gets the next reply', async () => {
    const fake = new FakeJourneysClient();
    fake.when('welcome').rejectOnce(rateLimited);
    await expect(fake.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'k' })).rejects.toBe(rateLimited);
    const ok = await fake.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'k' });
    const replay = await fake.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'k' });
    expect(replay.runId).toBe(ok.runId);
    expect(fake.invocations).toHaveLength(1);
  });

  it.each([
    ['a plain Error', () => new FakeJourneysClient().when('x').reject(new Error('nope') as never), /takes a JourneysError/],
    ['an empty runId', () => new FakeJourneysClient().when('x').resolveOnce(''), /non-empty string/],
  ])('refuses %s', (_name, script, message) => {
    expect(script).toThrow(JourneysConfigurationError);
    expect(script).toThrow(message);
  });

  it('reset() forgets runs, keys and scripts', async () => {
    const fake = new FakeJourneysClient();
    fake.when('welcome').reject(rateLimited);
    await fake.invoke('digest', { user_id: 'u1' }, { idempotencyKey: 'k' });
    fake.reset();
    expect(fake.invocations).toEqual([]);
    await expect(fake.invoke('welcome', { user_id: 'u1' })).resolves.toHaveProperty('runId');
    await fake.invoke('digest', { user_id: 'u1' }, { idempotencyKey: 'k' });
    expect(fake.invocations).toHaveLength(2);
  });
});

describe('run ids', () => {
  const runIds = async (fake: FakeJourneysClient, n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await fake.invoke('welcome', { user_id: 'u1' })).runId);
    return out;
  };

  it('are shaped like Courier run ids and unique', async () => {
    const ids = await runIds(new FakeJourneysClient(), 200);
    for (const id of ids) expect(id).toMatch(RUN_ID_PATTERN);
    expect(new Set(ids).size).toBe(200);
    // Unseeded ids carry the creation time in hex seconds, as Courier's do.
    const seconds = Number.parseInt(ids[0]?.slice(2, 10) ?? '', 16);
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(60);
  });

  it('are deterministic with a seed (keys too), differ across seeds, and restart on reset()', async () => {
    const a = new FakeJourneysClient({ seed: 42 });
    const b = new FakeJourneysClient({ seed: 42 });
    const c = new FakeJourneysClient({ seed: 43 });
    const idsA = await runIds(a, 5);
    expect(await runIds(b, 5)).toEqual(idsA);
    expect(a.invocations.map((i) => i.idempotencyKey)).toEqual(b.invocations.map((i) => i.idempotencyKey));
    expect(a.invocations[0]?.idempotencyKey).toMatch(/^journeykit-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await runIds(c, 5)).not.toEqual(idsA);
    expect(new Set(idsA).size).toBe(5);
    for (const id of idsA) expect(id).toMatch(RUN_ID_PATTERN);
    a.reset();
    expect(await runIds(a, 5)).toEqual(idsA);
  });
});

describe('FakeJourneysClient methods work detached', () => {
  it('const { invoke, close } = fake; items.map(fake.invoke) record like method calls', async () => {
    const fake = new FakeJourneysClient({ seed: 3 });
    const { invoke, close } = fake;
    const { runId } = await invoke('welcome', { user_id: 'u1' });
    await Promise.all(['u2', 'u3'].map((id) => fake.invoke.call(undefined, 'welcome', { user_id: id })));
    expect(fake.invocations.map((i) => i.userId)).toEqual(['u1', 'u2', 'u3']);
    expect(fake.invocations[0]?.runId).toBe(runId);
    await expect(close()).resolves.toBeUndefined();
  });
});
