// Type-level tests with a registered catalog (register.ts): checked by `pnpm typecheck`, not run by vitest.
import { defineJourneys, type InvokeResponse, type JourneysInvoker } from '@journeykit/core';
import { Injectable } from '@nestjs/common';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { JourneysModule, JourneysService } from '../../src/index.js';
import { catalog } from './register.js';

declare const service: JourneysService;
const shipped = { order_id: 'o1', eta: 'tomorrow' };

describe('JourneysService with a registered catalog', () => {
  it('is typed by the catalog by default', () => {
    expectTypeOf(service).toEqualTypeOf<JourneysService<typeof catalog>>();
    expectTypeOf(service.invoke('order-shipped', { user_id: 'u1', data: shipped })).toEqualTypeOf<Promise<InvokeResponse>>();
    expectTypeOf(service.invoke).parameter(0).toEqualTypeOf<'order-shipped' | 'welcome'>();
    void service.invoke('welcome', { user_id: 'u1' });
    void service.invoke('order-shipped', { user_id: 'u1', data: { ...shipped, items: [{ sku: 'tea' }] } }, { idempotencyKey: 'k' });

    // @ts-expect-error unknown template ID
    void service.invoke('order-shiped', { user_id: 'u1', data: shipped });
    // @ts-expect-error wrong type of a data field
    void service.invoke('order-shipped', { user_id: 'u1', data: { order_id: 1, eta: 'tomorrow' } });
    // @ts-expect-error a required data field is missing
    void service.invoke('order-shipped', { user_id: 'u1', data: { order_id: 'o1' } });
    // @ts-expect-error data is required when the schema requires it
    void service.invoke('order-shipped', { user_id: 'u1' });
    // @ts-expect-error nested fields are checked too
    void service.invoke('order-shipped', { user_id: 'u1', data: { ...shipped, items: [{ sku: 7 }] } });
  });

  it('keeps the escape hatch untyped', () => {
    expectTypeOf(service.untyped).toEqualTypeOf<JourneysInvoker>();
    void service.untyped.invoke('beta-journey', { user_id: 'u1', data: { anything: 1 } });
  });

  it('is injected by type, typed, and still a JourneysInvoker', () => {
    @Injectable()
    class Shipping {
      constructor(private readonly journeys: JourneysService) {}
      shipped(orderId: string) {
        // @ts-expect-error eta is missing
        void this.journeys.invoke('order-shipped', { user_id: 'u1', data: { order_id: orderId } });
        return this.journeys.invoke('order-shipped', { user_id: 'u1', data: { order_id: orderId, eta: 'soon' } });
      }
    }
    void Shipping;
    const asInvoker: JourneysInvoker = service;
    void asInvoker;
  });
});

describe('JourneysModule options once a catalog is registered', () => {
  const other = defineJourneys({ 'order-shipped': { data: z.object({ order_id: z.number() }) } });

  it('accept the registered catalog', () => {
    JourneysModule.forRoot({ apiKey: 'k', catalog });
    JourneysModule.forRoot({ client: service, catalog });
    JourneysModule.forRootAsync({ useFactory: () => ({ apiKey: 'k', catalog }) });
  });

  it('refuse another catalog, which would make the types of JourneysService lie', () => {
    // @ts-expect-error not the registered catalog
    JourneysModule.forRoot({ apiKey: 'k', catalog: other });
    // @ts-expect-error not the registered catalog
    JourneysModule.forRootAsync({ useFactory: () => ({ apiKey: 'k', catalog: other }) });
  });
});
