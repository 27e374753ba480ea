import { JourneysApiError, type InvokeManyResult } from '@journeykit/core';
import { describe, expect, it } from 'vitest';
import { FakeJourneysClient } from '../src/index.js';

describe('FakeJourneysClient#invokeMany', () => {
  it('records one run per item, reports bad items, and pauses the batch on a scripted 429', async () => {
    const fake = new FakeJourneysClient({ seed: 3 });
    fake.when('welcome').rejectOnce(new JourneysApiError('rate limited', 429, {}, undefined, { retryAfterMs: 300 }));
    const items = [
      { templateId: 'welcome', request: { user_id: 'u0' }, idempotencyKey: 'k0' },
      { templateId: 'welcome', request: { user_id: 42 as unknown as string } },
      { templateId: 'welcome', request: { user_id: 'u2' }, idempotencyKey: 'k2' },
    ];
    const started = performance.now();
    const results: InvokeManyResult[] = [];
    for await (const r of fake.invokeMany(items, { concurrency: 1 })) results.push(r);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(results.map((r) => [r.index, r.ok]).sort()).toEqual([
      [0, true],
      [1, false],
      [2, true],
    ]);
    expect(fake.invocations.map((i) => [i.userId, i.idempotencyKey])).toEqual([
      ['u0', 'k0'],
      ['u2', 'k2'],
    ]);
  });
});
