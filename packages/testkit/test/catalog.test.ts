import { JourneysValidationError, defineJourneys } from '@journeykit/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeJourneysClient } from '../src/index.js';
import '../src/vitest.js';

const catalog = defineJourneys({
  'order-shipped': { data: z.object({ order_id: z.string(), eta: z.string() }) },
  welcome: {},
});

describe('FakeJourneysClient with a catalog', () => {
  it('records valid typed calls, and the matchers read them', async () => {
    const fake = new FakeJourneysClient({ catalog, seed: 1 });
    await fake.invoke('order-shipped', { user_id: 'u1', data: { order_id: 'o1', eta: 'Friday' } });
    expect(fake).toHaveInvokedJourney('order-shipped', { data: { order_id: 'o1' } });
    expect(fake).toHaveInvokedJourneyTimes('welcome', 0);
    expect(fake.catalog).toBe(catalog);
  });

  it('rejects bad data and unknown journeys exactly like the real client', async () => {
    const fake = new FakeJourneysClient({ catalog });
    const bad = await fake.invoke('order-shipped', { user_id: 'u1', data: { order_id: 1 } } as never).catch((e) => e);
    expect(bad).toBeInstanceOf(JourneysValidationError);
    expect(bad.issues.map((i: { path: unknown[] }) => i.path)).toEqual([
      ['data', 'order_id'],
      ['data', 'eta'],
    ]);
    expect(bad.message).toContain('journey "order-shipped"');
    const unknown = await fake.invoke('beta' as never, { user_id: 'u1' } as never).catch((e) => e);
    expect(unknown.message).toMatch(/not in the journey catalog/);
    expect(fake.invocations).toHaveLength(0);
  });

  it('untyped is the escape hatch', async () => {
    const fake = new FakeJourneysClient({ catalog });
    await fake.untyped.invoke('beta', { user_id: 'u1', data: { anything: true } });
    expect(fake).toHaveInvokedJourney('beta' as never);
  });

  it('refuses a catalog not made by defineJourneys', () => {
    expect(() => new FakeJourneysClient({ catalog: { journeys: {} } as never })).toThrow(/defineJourneys/);
  });
});
