// Type-level tests with nothing registered (the registered case is test/registered/): checked by
// `pnpm typecheck`, not run by vitest.
import {
  defineJourneys,
  type CancelRequest,
  type CancelResult,
  type CanceledByToken,
  type InvokeRequest,
  type InvokeResponse,
  type JourneyRun,
  type JourneyRuns,
  type JourneysInvoker,
  type JourneysLifecycle,
} from '@journeykit/core';
import { Injectable } from '@nestjs/common';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { JourneysModule, JourneysService, type JourneysModuleOptions } from '../src/index.js';

const catalog = defineJourneys({ 'order-shipped': { data: z.object({ order_id: z.string(), eta: z.string() }) }, welcome: {} });
declare const service: JourneysService;
declare const typed: JourneysService<typeof catalog>;
declare const someTemplate: string;
declare const someRequest: InvokeRequest;

describe('JourneysService without a registered catalog', () => {
  it('takes any template ID and an InvokeRequest, as before catalogs', () => {
    expectTypeOf(service.invoke(someTemplate, someRequest)).toEqualTypeOf<Promise<InvokeResponse>>();
    expectTypeOf(service.untyped).toEqualTypeOf<JourneysInvoker>();
    const asInvoker: JourneysInvoker = service;
    void asInvoker;
    // @ts-expect-error the top-level fields are still checked
    void service.invoke('welcome', { userId: 'u1' });
  });

  it('is typed by a catalog named as its type argument', () => {
    void typed.invoke('order-shipped', { user_id: 'u1', data: { order_id: 'o1', eta: 'soon' } });
    void typed.invoke('welcome', { user_id: 'u1' });
    void typed.untyped.invoke('beta-journey', { user_id: 'u1' });
    // @ts-expect-error unknown template ID
    void typed.invoke('beta-journey', { user_id: 'u1' });
    // @ts-expect-error wrong data
    void typed.invoke('order-shipped', { user_id: 'u1', data: { order_id: 1, eta: 'soon' } });
    // @ts-expect-error data is required when the schema requires it
    void typed.invoke('order-shipped', { user_id: 'u1' });
    const asInvoker: JourneysInvoker = typed;
    void asInvoker;
  });

  it('can be injected by that type', () => {
    @Injectable()
    class Shipping {
      constructor(private readonly journeys: JourneysService<typeof catalog>) {}
      shipped(orderId: string) {
        return this.journeys.invoke('order-shipped', { user_id: 'u1', data: { order_id: orderId, eta: 'soon' } });
      }
    }
    void Shipping;
  });
});

describe('JourneysModule options without a registered catalog', () => {
  it('take any catalog from defineJourneys(), with client options or a client', () => {
    JourneysModule.forRoot({ apiKey: 'k', catalog });
    JourneysModule.forRoot({ client: service, catalog });
    JourneysModule.forRootAsync({ useFactory: () => ({ apiKey: 'k', catalog }) });
    const options: JourneysModuleOptions = { catalog };
    void options;
    // @ts-expect-error a catalog is made by defineJourneys(), not written by hand
    JourneysModule.forRoot({ apiKey: 'k', catalog: { welcome: {} } });
  });
});

describe('JourneysService lifecycle', () => {
  it("has the client's cancel and runs, with the same signatures", () => {
    const lifecycle: JourneysLifecycle = typed;
    void lifecycle;
    expectTypeOf(service.runs).toEqualTypeOf<JourneyRuns>();
    expectTypeOf(service.cancel({ cancelation_token: 't' })).toEqualTypeOf<Promise<CanceledByToken>>();
    // A request typed as the union (not as its literal) gets the union result: the assertion is the point here.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    expectTypeOf(service.cancel({ run_id: 'r' } as CancelRequest)).toEqualTypeOf<Promise<CancelResult>>();
    expectTypeOf(service.runs.waitFor('r1', { until: ['PROCESSED'] })).toEqualTypeOf<Promise<JourneyRun>>();
    // @ts-expect-error exactly one of run_id and cancelation_token
    void service.cancel({});
  });
});
