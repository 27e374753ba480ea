import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  JourneysAbortError,
  JourneysApiError,
  JourneysConnectionError,
  JourneysRunNotFoundError,
  JourneysRunWaitTimeoutError,
  JourneysTimeoutError,
  JourneysValidationError,
  defineJourney,
  defineJourneys,
  type JourneyRun,
  type JourneysLifecycle,
} from '@journeykit/core';
import { FakeJourneysClient } from '../src/index.js';
import { ManualClock } from './support/manual-clock.js';

const catalog = defineJourneys({
  'order-reminder': defineJourney({ data: z.object({ order_id: z.string() }), cancelationToken: (request) => `order-${request.data.order_id}` }),
  welcome: {},
});

async function collect(iterable: AsyncIterable<JourneyRun>): Promise<string[]> {
  const ids: string[] = [];
  for await (const run of iterable) ids.push(run.run_id);
  return ids;
}

describe('FakeJourneysClient.cancel', () => {
  it('cancels by the token the catalog rule built at invoke time, and by run id', async () => {
    const fake = new FakeJourneysClient({ catalog, seed: 1 });
    const a = await fake.invoke('order-reminder', { user_id: 'u1', data: { order_id: 'o1' } });
    const b = await fake.invoke('order-reminder', { user_id: 'u1', data: { order_id: 'o2' } });
    const token = catalog.cancelationToken('order-reminder', { data: { order_id: 'o1' } });
    await expect(fake.cancel({ cancelation_token: token })).resolves.toEqual({ cancelation_token: 'order-o1' });
    expect(fake.run(a.runId)?.status).toBe('CANCELED');
    expect(fake.run(b.runId)?.status).toBe('PROCESSING');
    await expect(fake.cancel({ run_id: b.runId })).resolves.toEqual({ run_id: b.runId, status: 'CANCELED' });
    await expect(fake.cancel({ run_id: b.runId })).resolves.toEqual({ run_id: b.runId, status: 'CANCELED' });
    expect(fake.cancellations.map((c) => c.canceledRunIds)).toEqual([[a.runId], [b.runId], []]);
    expect(fake.invocations.map((i) => i.cancelationToken)).toEqual(['order-o1', 'order-o2']);
  });

  it('reports a finished run unchanged', async () => {
    const fake = new FakeJourneysClient();
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    fake.setRunStatus(runId, 'PROCESSED');
    await expect(fake.cancel({ run_id: runId })).resolves.toEqual({ run_id: runId, status: 'PROCESSED' });
  });

  it('takes per-journey token rules, also set later; reset() goes back to the options', async () => {
    const fake = new FakeJourneysClient({ journeys: { digest: { cancelationToken: (r) => `digest-${String(r.user_id)}` } } });
    await fake.invoke('digest', { user_id: 'u1' });
    fake.setJourney('welcome', { cancelationToken: () => 'w' });
    await fake.invoke('welcome', { user_id: 'u1' });
    expect(fake.invocations.map((i) => i.cancelationToken)).toEqual(['digest-u1', 'w']);
    fake.reset();
    await fake.invoke('welcome', { user_id: 'u1' });
    expect(fake.invocations[0]?.cancelationToken).toBeUndefined();
  });

  const bad: [string, unknown, unknown, RegExp][] = [
    ['neither field', {}, undefined, /give run_id \(one run\) or cancelation_token/],
    ['both fields', { run_id: 'r', cancelation_token: 't' }, undefined, /not both/],
    ['an empty token', { cancelation_token: '' }, undefined, /cancelation_token: must not be empty/],
    ['a misspelt field', { cancellation_token: 't' }, undefined, /cancellation_token: unknown field; .*Courier spells it cancelation_token/],
    ['a bad idempotency key', { cancelation_token: 't' }, { idempotencyKey: 'a\nb' }, /options\.idempotencyKey/],
    ['a negative timeout', { cancelation_token: 't' }, { timeoutMs: -1 }, /options\.timeoutMs/],
  ];
  it.each(bad)('rejects %s with a JourneysValidationError, and cancels nothing', async (_name, request, options, message) => {
    const fake = new FakeJourneysClient();
    const error = await fake.cancel(request as never, options as never).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect((error as Error).message).toMatch(message);
    expect(fake.cancellations).toEqual([]);
  });

  it('rejects an unknown run with JourneysRunNotFoundError, and an aborted signal with JourneysAbortError', async () => {
    const fake = new FakeJourneysClient();
    const error = await fake.cancel({ run_id: 'nope' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(JourneysRunNotFoundError);
    expect(error).toMatchObject({ status: 404, runId: 'nope', code: 'ERR_JOURNEYS_RUN_NOT_FOUND' });
    await expect(fake.cancel({ cancelation_token: 't' }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(JourneysAbortError);
  });

  it('replays the first answer for an idempotency key; a scripted failure is not stored', async () => {
    const fake = new FakeJourneysClient();
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    fake.rejectNext('cancel', () => new JourneysApiError('Service Unavailable', 503, {}));
    await expect(fake.cancel({ run_id: runId }, { idempotencyKey: 'k' })).rejects.toMatchObject({ status: 503 });
    await expect(fake.cancel({ run_id: runId }, { idempotencyKey: 'k' })).resolves.toEqual({ run_id: runId, status: 'CANCELED' });
    fake.setRunStatus(runId, 'PROCESSED');
    await expect(fake.cancel({ run_id: runId }, { idempotencyKey: 'k' })).resolves.toEqual({ run_id: runId, status: 'CANCELED' });
    expect(fake.cancellations).toHaveLength(1);
  });

  it('works detached, as JourneysLifecycle', async () => {
    const fake = new FakeJourneysClient();
    const lifecycle: JourneysLifecycle = fake;
    const { cancel } = fake;
    const { get } = lifecycle.runs;
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    await cancel({ run_id: runId });
    await expect(get(runId)).resolves.toMatchObject({ status: 'CANCELED' });
  });
});

describe('FakeJourneysClient.runs', () => {
  it('get and steps answer like the server; unknown runs reject with JourneysRunNotFoundError', async () => {
    const fake = new FakeJourneysClient({ runStatuses: [{ status: 'PROCESSING' }, { status: 'PROCESSED', afterMs: 0, action: 'send' }] });
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    await expect(fake.runs.get(runId)).resolves.toEqual({
      run_id: runId,
      source: ['invoke/welcome'],
      status: 'PROCESSED',
      template_id: 'welcome',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const steps = await fake.runs.steps(runId);
    expect(steps.map((s) => [s.action, s.status])).toEqual([
      ['trigger', 'PROCESSED'],
      ['send', 'PROCESSED'],
    ]);
    await expect(fake.runs.get('nope')).rejects.toBeInstanceOf(JourneysRunNotFoundError);
    await expect(fake.runs.steps('nope')).rejects.toBeInstanceOf(JourneysRunNotFoundError);
    await expect(fake.runs.get('')).rejects.toBeInstanceOf(JourneysValidationError);
    await expect(fake.runs.get(runId, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(JourneysAbortError);
  });

  it('list pages newest first through every page, with filters', async () => {
    const fake = new FakeJourneysClient();
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await fake.invoke(i % 2 === 0 ? 'a' : 'b', { user_id: 'u1' })).runId);
    fake.setRunStatus(created[0] as string, 'ERROR');
    expect(await collect(fake.runs.list({ limit: 2 }))).toEqual([...created].reverse());
    expect(await collect(fake.runs.list({ template_id: ['a'], limit: 1 }))).toEqual([created[6], created[4], created[2], created[0]]);
    expect(await collect(fake.runs.list({ status: ['ERROR'] }))).toEqual([created[0]]);
    expect(await collect(fake.runs.list({ end_date: new Date(0) }))).toEqual([]);
  });

  it('list rejects bad filters at the first step of the loop', async () => {
    const fake = new FakeJourneysClient();
    await expect(collect(fake.runs.list({ limit: 51 }))).rejects.toThrow(/filter\.limit: must be a whole number from 1 to 50/);
    await expect(collect(fake.runs.list({ start_date: 'soon' }))).rejects.toBeInstanceOf(JourneysValidationError);
    await expect(collect(fake.runs.list(undefined, { signal: AbortSignal.abort() }))).rejects.toBeInstanceOf(JourneysAbortError);
  });

  it('an abort names the call, as the real client does', async () => {
    const fake = new FakeJourneysClient();
    const signal = AbortSignal.abort();
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    await expect(fake.cancel({ run_id: runId }, { signal })).rejects.toThrow('The cancel call was aborted by its signal');
    await expect(fake.runs.get(runId, { signal })).rejects.toThrow('The runs.get call was aborted by its signal');
    await expect(fake.runs.steps(runId, { signal })).rejects.toThrow('The runs.steps call was aborted by its signal');
    await expect(collect(fake.runs.list(undefined, { signal }))).rejects.toThrow('The runs.list call was aborted by its signal');
    await expect(fake.runs.waitFor(runId, { signal })).rejects.toThrow('The runs.waitFor call was aborted by its signal');
  });

  /** Whether `promise` has settled yet, read without waiting. */
  function tracked<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    return { settled: () => settled, promise };
  }

  it('waitFor resolves when the scripted clock reaches a finished status: an hour on the fake’s clock, no real waiting', async () => {
    const clock = new ManualClock();
    const fake = new FakeJourneysClient({
      clock,
      journeys: { slow: { statuses: [{ status: 'PROCESSING' }, { status: 'PROCESSED', afterMs: 3_600_000 }] } },
    });
    const { runId } = await fake.invoke('slow', { user_id: 'u1' });
    const waiting = tracked(fake.runs.waitFor(runId, { timeoutMs: 2 * 3_600_000 }));
    await clock.tick(3_600_000 - 1);
    expect(waiting.settled()).toBe(false);
    // The next poll after the status changed: at most the longest poll interval (10 s) later.
    await clock.tick(10_000);
    await expect(waiting.promise).resolves.toMatchObject({ status: 'PROCESSED' });
  });

  it('waitFor resolves once a test moves the run, and honours until', async () => {
    const clock = new ManualClock();
    const fake = new FakeJourneysClient({ clock });
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    const waiting = tracked(fake.runs.waitFor(runId, { until: ['WAITING'], pollIntervalMs: 20 }));
    await clock.tick(100);
    expect(waiting.settled()).toBe(false);
    fake.setRunStatus(runId, 'WAITING');
    await clock.tick(10_000); // the longest pause between two polls
    await expect(waiting.promise).resolves.toMatchObject({ status: 'WAITING' });
  });

  it('waitFor rides out a 429 on a poll, waiting what Retry-After asked, as the real client does', async () => {
    const clock = new ManualClock();
    const fake = new FakeJourneysClient({ clock });
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    fake.rejectNext('runs.get', new JourneysApiError('Too Many Requests', 429, {}, undefined, { retryAfterMs: 300 }));
    const waiting = tracked(fake.runs.waitFor(runId, { pollIntervalMs: 10 }));
    fake.setRunStatus(runId, 'PROCESSED');
    await clock.tick(299);
    expect(waiting.settled()).toBe(false);
    await clock.tick(1);
    await expect(waiting.promise).resolves.toMatchObject({ status: 'PROCESSED' });
  });

  it('waitFor rides out a scripted dropped connection on a poll, and a 404 ends it, as the real client does', async () => {
    const fake = new FakeJourneysClient();
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    fake.rejectNext('runs.get', new JourneysConnectionError('Connection to Courier failed: other side closed'));
    // The first poll fails whatever the status; the one after it finds the run finished.
    const waiting = fake.runs.waitFor(runId, { pollIntervalMs: 10 });
    fake.setRunStatus(runId, 'PROCESSED');
    await expect(waiting).resolves.toMatchObject({ status: 'PROCESSED' });
    fake.rejectNext('runs.get', new JourneysRunNotFoundError(runId, 'gone', {}));
    await expect(fake.runs.waitFor(runId, { until: ['WAITING'], pollIntervalMs: 10 })).rejects.toBeInstanceOf(JourneysRunNotFoundError);
  });

  it('waitFor times out with JourneysTimeoutError', async () => {
    const clock = new ManualClock();
    const fake = new FakeJourneysClient({ clock });
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    const waiting = tracked(fake.runs.waitFor(runId, { timeoutMs: 200_000, pollIntervalMs: 20 }));
    await clock.tick(199_999);
    expect(waiting.settled()).toBe(false);
    await clock.tick(1);
    const error = await waiting.promise.catch((err: unknown) => err);
    expect(error).toBeInstanceOf(JourneysTimeoutError);
    expect(error).toBeInstanceOf(JourneysRunWaitTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 200_000, runId, lastRun: { status: 'PROCESSING' } });
  });

  it('waitFor stops at once when its signal aborts', async () => {
    const fake = new FakeJourneysClient();
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    const controller = new AbortController();
    const started = Date.now();
    const waiting = fake.runs.waitFor(runId, { pollIntervalMs: 1_000, signal: controller.signal });
    // Mid-pause: the first poll has run (synchronously) and found the run still PROCESSING.
    controller.abort(new Error('user left'));
    const error = await waiting.catch((err: unknown) => err);
    expect(error).toBeInstanceOf(JourneysAbortError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('waitFor checks its options and the run', async () => {
    const fake = new FakeJourneysClient();
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    await expect(fake.runs.waitFor(runId, { until: [] })).rejects.toThrow(/options\.until: must be a non-empty array/);
    await expect(fake.runs.waitFor(runId, { timeoutMs: 0 })).rejects.toThrow(/options\.timeoutMs/);
    await expect(fake.runs.waitFor('nope')).rejects.toBeInstanceOf(JourneysRunNotFoundError);
  });

  it('a scripted failure hits the next read only', async () => {
    const fake = new FakeJourneysClient();
    const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
    fake.rejectNext('runs.get', new JourneysApiError('Too Many Requests', 429, {}));
    await expect(fake.runs.get(runId)).rejects.toMatchObject({ status: 429 });
    await expect(fake.runs.get(runId)).resolves.toMatchObject({ run_id: runId });
    expect(() => fake.rejectNext('runs.delete' as never, new JourneysApiError('x', 500, {}))).toThrow(/call must be one of/);
    expect(() => fake.rejectNext('cancel', new Error('x') as never)).toThrow(/takes a JourneysError/);
  });

  it('setRunStatus refuses a run it did not create', () => {
    expect(() => new FakeJourneysClient().setRunStatus('nope', 'PROCESSED')).toThrow(/no run "nope"/);
  });
});
