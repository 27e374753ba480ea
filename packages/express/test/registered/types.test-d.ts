// Type-level tests with a registered catalog (register.ts): checked by `pnpm typecheck`, not run by vitest.
import { defineJourneys, type InvokeResponse, type JourneysInvoker } from '@journeykit/core';
import express, { type Request } from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { afterResponse, getJourneys, invokeAfterResponse, journeys, type RequestJourneys } from '../../src/index.js';
import { catalog } from './register.js';

declare const req: Request;
const shipped = { order_id: 'o1', eta: 'tomorrow' };

describe('req.journeys with a registered catalog', () => {
  it('is typed by the catalog', () => {
    expectTypeOf(req.journeys).toEqualTypeOf<RequestJourneys<typeof catalog>>();
    expectTypeOf(req.journeys.invoke('order-shipped', { data: shipped })).toEqualTypeOf<Promise<InvokeResponse>>();
    expectTypeOf(req.journeys.invoke).parameter(0).toEqualTypeOf<'order-shipped' | 'welcome'>();
    void req.journeys.invoke('welcome', {});
    void req.journeys.invoke('welcome', { user_id: 'u1', data: { anything: true } });
    void req.journeys.invoke('order-shipped', { data: { ...shipped, items: [{ sku: 'tea' }] } }, { idempotencyKey: 'k' });
    // Request bodies are `any` in Express: they fit any data, and the run-time check is what catches them.
    void req.journeys.invoke('order-shipped', { data: req.body });

    // @ts-expect-error unknown template ID
    void req.journeys.invoke('order-shiped', { data: shipped });
    // @ts-expect-error wrong type of a data field
    void req.journeys.invoke('order-shipped', { data: { order_id: 1, eta: 'tomorrow' } });
    // @ts-expect-error a required data field is missing
    void req.journeys.invoke('order-shipped', { data: { order_id: 'o1' } });
    // @ts-expect-error data is required when the schema requires it
    void req.journeys.invoke('order-shipped', { user_id: 'u1' });
    // @ts-expect-error nested fields are checked too
    void req.journeys.invoke('order-shipped', { data: { ...shipped, items: [{ sku: 7 }] } });
    // @ts-expect-error the top-level fields are still checked
    void req.journeys.invoke('welcome', { userId: 'u1' });
  });

  it('types enqueue by the catalog too', () => {
    expectTypeOf(req.journeys.enqueue('order-shipped', { data: shipped }, { idempotencyKey: 'k', delayMs: 60_000 })).toEqualTypeOf<
      Promise<{ jobId: string; idempotencyKey: string }>
    >();
    // @ts-expect-error unknown template ID
    void req.journeys.enqueue('order-shiped', { data: shipped });
    // @ts-expect-error a required data field is missing
    void req.journeys.enqueue('order-shipped', { data: { order_id: 'o1' } });
  });

  it('keeps the escape hatch untyped', () => {
    expectTypeOf(req.journeys.untyped).toEqualTypeOf<JourneysInvoker>();
    void req.journeys.untyped.invoke('beta-journey', { data: { anything: 1 } });
    void req.journeys.untyped.invoke('order-shipped', { data: { order_id: 1 } });
  });

  it('types getJourneys(req) the same way', () => {
    expectTypeOf(getJourneys(req)).toEqualTypeOf<RequestJourneys<typeof catalog>>();
    void getJourneys(req).invoke('order-shipped', { data: shipped });
    void getJourneys(req).untyped.invoke('beta-journey', {});
    // @ts-expect-error unknown template ID
    void getJourneys(req).invoke('beta-journey', {});
  });

  it('is still a JourneysInvoker for code written against the interface', () => {
    const invoker: JourneysInvoker = req.journeys;
    void invoker;
  });
});

describe('after-response helpers with a registered catalog', () => {
  it('type the template ID and the request', () => {
    invokeAfterResponse(req, 'order-shipped', { data: shipped }, { idempotencyKey: 'k' });
    express().post(
      '/ship',
      afterResponse('order-shipped', (_req, res) => ({ data: { order_id: String(res.locals.id), eta: 'soon' } })),
      afterResponse('welcome', () => undefined),
    );

    // @ts-expect-error unknown template ID
    invokeAfterResponse(req, 'beta-journey', {});
    // @ts-expect-error wrong data
    invokeAfterResponse(req, 'order-shipped', { data: { order_id: 'o1' } });
    // @ts-expect-error build must return the journey's data
    afterResponse('order-shipped', () => ({ data: { order_id: 'o1' } }));
    // @ts-expect-error unknown template ID
    afterResponse('beta-journey', () => ({}));
  });

  it('take a journey outside the catalog with { untyped: true }', () => {
    invokeAfterResponse(req, 'beta-journey', { data: { x: 1 } }, { untyped: true });
    afterResponse('beta-journey', () => ({ data: { x: 1 } }), { untyped: true });
  });
});

describe('journeys({ catalog }) once a catalog is registered', () => {
  it('accepts the registered catalog, with a client or client options', () => {
    journeys({ catalog, apiKey: 'k' });
    journeys({ catalog, client: { invoke: async () => ({ runId: 'r' }) } });
    journeys({ apiKey: 'k' });
  });

  it('refuses another catalog, which would make the types of req.journeys lie', () => {
    const other = defineJourneys({ 'order-shipped': { data: z.object({ order_id: z.number() }) } });
    // @ts-expect-error not the registered catalog
    journeys({ catalog: other, apiKey: 'k' });
  });
});
