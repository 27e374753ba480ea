// Type-level tests: checked by `pnpm typecheck` (tsc), not run by vitest.
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { JourneysClient, defineJourneys, type InvokeResponse, type JourneysInvoker, type JourneyData } from '../../src/index.js';

const catalog = defineJourneys({
  'order-shipped': { data: z.object({ order_id: z.string(), eta: z.string() }) },
  'maybe-data': { data: z.object({ note: z.string() }).optional() },
  welcome: {},
});
const client = new JourneysClient({ apiKey: 'k', catalog });
const plain = new JourneysClient({ apiKey: 'k' });

describe('catalog types', () => {
  it('types invoke by template ID', () => {
    expectTypeOf(client.invoke('order-shipped', { user_id: 'u', data: { order_id: 'o', eta: 'e' } })).toEqualTypeOf<Promise<InvokeResponse>>();
    expectTypeOf<JourneyData<typeof catalog, 'order-shipped'>>().toEqualTypeOf<{ order_id: string; eta: string }>();
    void client.invoke('welcome', { user_id: 'u' });
    void client.invoke('welcome', { user_id: 'u', data: { anything: true } });
    void client.invoke('maybe-data', { user_id: 'u' });

    // @ts-expect-error unknown template ID
    void client.invoke('order-shiped', { user_id: 'u', data: { order_id: 'o', eta: 'e' } });
    // @ts-expect-error wrong data type
    void client.invoke('order-shipped', { user_id: 'u', data: { order_id: 1, eta: 'e' } });
    // @ts-expect-error missing field in data
    void client.invoke('order-shipped', { user_id: 'u', data: { order_id: 'o' } });
    // @ts-expect-error data is required when the schema requires it
    void client.invoke('order-shipped', { user_id: 'u' });
  });

  it('keeps the escape hatch and plain clients untyped', () => {
    expectTypeOf(client.untyped).toEqualTypeOf<JourneysInvoker>();
    void client.untyped.invoke('anything', { user_id: 'u', data: { x: 1 } });
    void plain.invoke('anything', { user_id: 'u', data: { x: 1 } });
    // @ts-expect-error top-level fields are still checked without a catalog
    void plain.invoke('anything', { userId: 'u' });
  });

  it('any client is a JourneysInvoker', () => {
    expectTypeOf(plain).toMatchTypeOf<JourneysInvoker>();
    const asInvoker: JourneysInvoker = plain;
    void asInvoker;
  });
});

describe('typed clients in untyped places', () => {
  it('a catalog client can be handed to code that takes a JourneysInvoker', () => {
    const asInvoker: JourneysInvoker = client;
    void asInvoker;
  });
});
