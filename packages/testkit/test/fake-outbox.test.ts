import { JourneysApiError, JourneysConfigurationError, JourneysTimeoutError, JourneysValidationError, defineJourneys } from '@journeykit/core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import '@journeykit/testkit/vitest';
import { FakeJourneysClient, FakeJourneysOutbox } from '@journeykit/testkit';
import { toHaveEnqueuedJourney, toHaveEnqueuedJourneyTimes } from '../src/matchers/outbox-matchers.js';

describe('FakeJourneysOutbox', () => {
  it('records what is enqueued, as it would go on the wire, with the key fixed at enqueue', async () => {
    const outbox = new FakeJourneysOutbox({ seed: 1 });
    const at = new Date('2030-01-01T00:00:00Z');
    const a = await outbox.enqueue('welcome', { user_id: 'u1', data: { at } });
    const b = await outbox.enqueue('reminder', { profile: { email: 'ada@example.com' } }, { idempotencyKey: 'k-1', delayMs: 60_000, db: {} });
    expect(a.idempotencyKey).toMatch(/^journeykit-[0-9a-f-]{36}$/);
    expect(b).toEqual({ jobId: 'fake-job-2', idempotencyKey: 'k-1' });
    expect(outbox.enqueued).toMatchObject([
      { templateId: 'welcome', request: { user_id: 'u1', data: { at: '2030-01-01T00:00:00.000Z' } }, userId: 'u1', state: 'pending' },
      { templateId: 'reminder', userId: undefined, idempotencyKey: 'k-1', startAfter: expect.any(Date), state: 'pending' },
    ]);
  });

  it.each([
    ['no recipient', 'welcome', {}, undefined, /no user to send to/],
    ['a bad key', 'welcome', { user_id: 'u1' }, { idempotencyKey: '' }, /idempotencyKey/],
    ['a bad startAfter', 'welcome', { user_id: 'u1' }, { startAfter: 'soon' }, /startAfter/],
    ['startAfter in seconds', 'welcome', { user_id: 'u1' }, { startAfter: 60 }, /startAfter: must be a Date; for a delay from now, give delayMs/],
    ['a delayMs past the key lifetime', 'welcome', { user_id: 'u1' }, { delayMs: 400 * 86_400_000 }, /delayMs/],
    ['an unknown option', 'welcome', { user_id: 'u1' }, { delay: 5 }, /options\.delay: unknown option \(did you mean delayMs\?\)/],
    ['a null db', 'welcome', { user_id: 'u1' }, { db: null }, /options\.db/],
  ])('rejects %s with JourneysValidationError and records nothing', async (_name, templateId, request, options, message) => {
    const outbox = new FakeJourneysOutbox();
    const error = await outbox.enqueue(templateId, request as never, options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect((error as Error).message).toMatch(message);
    expect(outbox.enqueued).toHaveLength(0);
  });

  it("checks the catalog's schema", async () => {
    const outbox = new FakeJourneysOutbox({ catalog: defineJourneys({ shipped: { data: z.object({ order_id: z.string() }) } }) });
    await expect(outbox.enqueue('shipped', { user_id: 'u1', data: {} })).rejects.toThrow(/order_id/);
    await expect(outbox.enqueue('shipped', { user_id: 'u1', data: { order_id: 'o1' } })).resolves.toBeDefined();
  });

  it('deliverAll delivers each pending invocation once with its key; transient failures stay pending, permanent ones are dead letters', async () => {
    const outbox = new FakeJourneysOutbox();
    const client = new FakeJourneysClient();
    client.when('flaky').rejectOnce(new JourneysTimeoutError(1000));
    client.when('missing').reject(() => new JourneysApiError('not found', 404, {}));
    const { idempotencyKey } = await outbox.enqueue('welcome', { user_id: 'u1' });
    await outbox.enqueue('flaky', { user_id: 'u2' });
    await outbox.enqueue('missing', { user_id: 'u3' });

    expect(await outbox.deliverAll(client)).toEqual({ delivered: 1, retried: 1, deadLettered: 1 });
    expect(outbox.enqueued.map((e) => e.state)).toEqual(['delivered', 'pending', 'dead-letter']);
    expect(client.invocations[0]).toMatchObject({ templateId: 'welcome', idempotencyKey });
    expect(outbox.enqueued[0]!.runId).toBe(client.invocations[0]!.runId);

    expect(await outbox.deliverAll(client)).toEqual({ delivered: 1, retried: 0, deadLettered: 0 });
    expect(await outbox.deliverAll(client)).toEqual({ delivered: 0, retried: 0, deadLettered: 0 });
    expect(client.invocations.map((i) => i.templateId)).toEqual(['welcome', 'flaky']);
  });

  it('deliverAll dead-letters an invocation the client refuses before sending (a journey not in its catalog), as the real outbox does', async () => {
    const outbox = new FakeJourneysOutbox();
    await outbox.enqueue('retired', { user_id: 'u1' });
    const client = new FakeJourneysClient({ catalog: defineJourneys({ welcome: {} }) });
    expect(await outbox.deliverAll(client)).toEqual({ delivered: 0, retried: 0, deadLettered: 1 });
    expect(outbox.enqueued[0]!.error).toBeInstanceOf(JourneysConfigurationError);
  });

  it.each([
    ['a horizon under a second', { retry: { horizonMs: 0 } }, /retry\.horizonMs must be a whole number of milliseconds from 1000/],
    [
      'the flat horizonSeconds of old',
      { horizonSeconds: 60 },
      /^FakeJourneysOutbox: unknown option "horizonSeconds"; known options are catalog, retry, seed, clock/,
    ],
    [
      'retry.horizonSeconds',
      { retry: { horizonSeconds: 60 } },
      /^FakeJourneysOutbox: retry: unknown option "horizonSeconds" \(did you mean horizonMs\?\)/,
    ],
    ['a misspelt option', { sed: 1 }, /unknown option "sed" \(did you mean seed\?\)/],
    ['a clock without now()', { clock: {} }, /clock must have now\(\)/],
  ])('refuses %s with a JourneysConfigurationError', (_name, options, message) => {
    expect(() => new FakeJourneysOutbox(options as never)).toThrow(JourneysConfigurationError);
    expect(() => new FakeJourneysOutbox(options as never)).toThrow(message);
  });

  it('reads the time from its clock: a delay counts from the clock, and so does the enqueue time', async () => {
    const now = Date.parse('2031-05-01T00:00:00Z');
    const outbox = new FakeJourneysOutbox({ clock: { now: () => now } });
    await outbox.enqueue('later', { user_id: 'u1' }, { delayMs: 60_000 });
    expect(outbox.enqueued[0]).toMatchObject({ at: new Date(now), startAfter: new Date(now + 60_000) });
  });

  it('a missing client, or an unknown deliverAll option, is a configuration error, not a TypeError', async () => {
    const outbox = new FakeJourneysOutbox();
    await expect(outbox.deliverAll(undefined as never)).rejects.toBeInstanceOf(JourneysConfigurationError);
    await expect(outbox.deliverAll(new FakeJourneysClient(), { dueAt: new Date() } as never)).rejects.toThrow(
      /^deliverAll\(\): unknown option "dueAt"; known options are due/,
    );
  });

  it('deliverAll({ due }) leaves invocations that are not due yet', async () => {
    const outbox = new FakeJourneysOutbox();
    await outbox.enqueue('now', { user_id: 'u1' });
    await outbox.enqueue('tomorrow', { user_id: 'u1' }, { delayMs: 86_400_000 });
    const client = new FakeJourneysClient();
    expect(await outbox.deliverAll(client, { due: new Date() })).toMatchObject({ delivered: 1 });
    expect(outbox.pending.map((e) => e.templateId)).toEqual(['tomorrow']);
  });
});

describe('enqueued-journey matchers', () => {
  it('pass and fail with messages about enqueued journeys', async () => {
    const outbox = new FakeJourneysOutbox();
    await outbox.enqueue('welcome', { user_id: 'u1', data: { plan: 'pro' } });
    expect(outbox).toHaveEnqueuedJourney('welcome', { data: { plan: expect.any(String) } });
    expect(outbox).not.toHaveEnqueuedJourney('goodbye');
    expect(outbox).toHaveEnqueuedJourneyTimes('welcome', 1);

    const miss = toHaveEnqueuedJourney(outbox, 'welcome', { user_id: 'u2' });
    expect(miss.pass).toBe(false);
    expect(miss.message()).toMatch(/^Expected journey "welcome" to have been enqueued with a request matching/);
    expect(miss.message()).toMatch(/Enqueued \(1\):/);
    expect(toHaveEnqueuedJourneyTimes(outbox, 'welcome', 2).message()).toBe(
      'Expected journey "welcome" to have been enqueued 2 times, but it was enqueued 1 time.\n\nEnqueued (1):\n  #1 "welcome" { user_id: \'u1\', data: { plan: \'pro\' } }',
    );
  });

  it('name what they need when given something else', () => {
    expect(() => toHaveEnqueuedJourney(new FakeJourneysClient(), 'welcome')).toThrow(/needs a FakeJourneysOutbox/);
  });
});
