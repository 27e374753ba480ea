import { defineJourney, defineJourneys, type JourneysInvoker, type JourneyRun } from '@journeykit/core';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import '@journeykit/testkit/vitest';
import type { Application } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JourneysConfigurationError, journeys, journeysErrorHandler, type JourneysError, type JourneysMiddlewareOptions } from '../src/index.js';
import { EXPRESS_VERSIONS, type ExpressFactory } from './support/express-versions.js';
import { eventually, listen, request, type Listening } from '@journeykit/test-support/http';
import { route } from './support/route.js';

// req.journeys.cancel and req.journeys.runs in real Express apps over real HTTP: through a real
// JourneysClient to the fake Courier server, through a FakeJourneysClient, and through a client
// that has no lifecycle methods.
const API_KEY = 'sk_test_lifecycle_key';
const catalog = defineJourneys({
  'order-reminder': defineJourney({
    data: z.object({ order_id: z.string() }),
    cancelationToken: (request) => `order-${request.data.order_id}`,
  }),
});
const ORDER_REMINDER = {
  id: 'order-reminder',
  name: 'Order reminder',
  nodes: [
    { id: 'trigger-1', type: 'trigger', trigger_type: 'api-invoke' },
    { id: 'exit-1', type: 'exit' },
  ],
};
let courier: FakeCourierServer;
const running: Listening[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  courier = await startFakeCourier({ apiKey: API_KEY, catalog, journeyDefinitions: [ORDER_REMINDER] });
});
afterAll(() => courier.close());
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  await Promise.all(closers.splice(0).map((close) => close()));
  courier.reset();
});

/** An app as a user writes it: invoke, cancel by the catalog's token or by run id, and the run reads. */
async function app(express: ExpressFactory, options: JourneysMiddlewareOptions, seen: JourneysError[] = []): Promise<string> {
  const server: Application = express();
  const middleware = journeys(options);
  closers.push(() => middleware.close());
  server.use(middleware);
  server.post(
    '/orders/:id',
    route(async (req, res) => {
      res.status(201).json(await req.journeys.invoke('order-reminder', { user_id: 'u1', data: { order_id: String(req.params.id) } }));
    }),
  );
  server.post(
    '/orders/:id/cancel',
    route(async (req, res) => {
      const cancelation_token = catalog.cancelationToken('order-reminder', { data: { order_id: String(req.params.id) } });
      res.status(202).json(await req.journeys.cancel({ cancelation_token }, { idempotencyKey: `cancel-${req.params.id}` }));
    }),
  );
  server.post(
    '/runs/:id/cancel',
    route(async (req, res) => res.status(202).json(await req.journeys.cancel({ run_id: String(req.params.id) }))),
  );
  server.get(
    '/runs',
    route(async (req, res) => {
      const runs: JourneyRun[] = [];
      for await (const run of req.journeys.runs.list({ template_id: ['order-reminder'], limit: Number(req.query.limit ?? 20) })) runs.push(run);
      res.json(runs);
    }),
  );
  server.get(
    '/runs/:id',
    route(async (req, res) => res.json(await req.journeys.runs.get(String(req.params.id)))),
  );
  server.get(
    '/runs/:id/steps',
    route(async (req, res) => res.json(await req.journeys.runs.steps(String(req.params.id)))),
  );
  server.get(
    '/runs/:id/finished',
    route(async (req, res) => res.json(await req.journeys.runs.waitFor(String(req.params.id), { timeoutMs: 5_000, pollIntervalMs: 20 }))),
  );
  server.get(
    '/journeys/:id',
    route(async (req, res) => res.json(await req.journeys.journeys.get(String(req.params.id)))),
  );
  server.get(
    '/journeys',
    route(async (req, res) => {
      const ids: string[] = [];
      for await (const j of req.journeys.journeys.list()) ids.push(j.id);
      res.json({ ids, versions: await req.journeys.journeys.versions('order-reminder') });
    }),
  );
  server.use(journeysErrorHandler({ onError: (error) => seen.push(error) }));
  const listening = await listen(server);
  running.push(listening);
  return listening.url;
}

const realClient = (): JourneysMiddlewareOptions => ({ apiKey: API_KEY, baseUrl: courier.url, retryDelayMs: 5, catalog });

describe.each(EXPRESS_VERSIONS)('%s: req.journeys lifecycle through a real JourneysClient to the fake Courier', (_name, express) => {
  it('cancels the order journey by the catalog token, and the run reads show it CANCELED', async () => {
    const url = await app(express, realClient());
    const { body: started } = await request(`${url}/orders/o1`, { method: 'POST' });
    await request(`${url}/orders/o2`, { method: 'POST' });
    const { runId } = started as { runId: string };

    const cancel = await request(`${url}/orders/o1/cancel`, { method: 'POST' });
    expect(cancel).toMatchObject({ status: 202, body: { cancelation_token: 'order-o1' } });
    expect(courier).toHaveCanceledRun({ cancelation_token: 'order-o1' });
    expect(courier.requests.find((r) => r.endpoint === 'cancel')).toMatchObject({
      method: 'POST',
      path: '/journeys/cancel',
      idempotencyKey: 'cancel-o1',
    });

    const run = await request(`${url}/runs/${runId}`);
    expect(run).toMatchObject({ status: 200, body: { run_id: runId, status: 'CANCELED', template_id: 'order-reminder' } });
    const steps = await request(`${url}/runs/${runId}/steps`);
    expect(steps.status).toBe(200);
    expect(steps.body).toEqual(courier.runSteps(runId));
    // The other order's run was left alone.
    const other = courier.invocations.find((i) => i.runId !== runId);
    expect(courier.run(other!.runId)?.status).not.toBe('CANCELED');
  });

  it('cancel by run id answers the status it left: CANCELED, or the finished one it kept', async () => {
    const url = await app(express, realClient());
    const { runId: first } = (await request(`${url}/orders/a`, { method: 'POST' })).body as { runId: string };
    const { runId: second } = (await request(`${url}/orders/b`, { method: 'POST' })).body as { runId: string };
    courier.setRunStatus(second, 'PROCESSED');
    expect(await request(`${url}/runs/${first}/cancel`, { method: 'POST' })).toMatchObject({
      status: 202,
      body: { run_id: first, status: 'CANCELED' },
    });
    expect(await request(`${url}/runs/${second}/cancel`, { method: 'POST' })).toMatchObject({
      status: 202,
      body: { run_id: second, status: 'PROCESSED' },
    });
  });

  it('an unknown run is a 404 with ERR_JOURNEYS_RUN_NOT_FOUND, for get, steps and a cancel by id', async () => {
    const seen: JourneysError[] = [];
    const url = await app(express, realClient(), seen);
    const notFound = { status: 404, body: { statusCode: 404, code: 'ERR_JOURNEYS_RUN_NOT_FOUND', message: 'The journey run was not found' } };
    expect(await request(`${url}/runs/1-00000000-nope`)).toMatchObject(notFound);
    expect(await request(`${url}/runs/1-00000000-nope/steps`)).toMatchObject(notFound);
    expect(await request(`${url}/runs/1-00000000-nope/cancel`, { method: 'POST' })).toMatchObject(notFound);
    expect(seen.map((e) => e.code)).toEqual(['ERR_JOURNEYS_RUN_NOT_FOUND', 'ERR_JOURNEYS_RUN_NOT_FOUND', 'ERR_JOURNEYS_RUN_NOT_FOUND']);
    // The answer is fixed text: the API key never reaches the caller.
    expect(JSON.stringify(seen.map((e) => e.message))).not.toContain(API_KEY);
  });

  it('runs.list follows next_cursor across pages', async () => {
    const url = await app(express, realClient());
    for (const id of ['p1', 'p2', 'p3', 'p4', 'p5']) await request(`${url}/orders/${id}`, { method: 'POST' });
    const listed = await request(`${url}/runs?limit=2`);
    expect(listed.status).toBe(200);
    // Newest first, every run once, fetched two at a time.
    expect((listed.body as JourneyRun[]).map((r) => r.run_id)).toEqual(courier.invocations.map((i) => i.runId).reverse());
    expect(courier.requests.filter((r) => r.endpoint === 'runs.list')).toHaveLength(3);
  });

  it('journeys.get/list/versions read the definitions through the client', async () => {
    const url = await app(express, realClient());
    expect(await request(`${url}/journeys/order-reminder`)).toMatchObject({
      status: 200,
      body: { id: 'order-reminder', nodes: ORDER_REMINDER.nodes },
    });
    expect(await request(`${url}/journeys`)).toMatchObject({ status: 200, body: { ids: ['order-reminder'], versions: [{ version: 'v1' }] } });
    expect(courier.requests.map((r) => r.endpoint)).toEqual(['journeys.get', 'journeys.list', 'journeys.versions']);
  });

  it('runs.waitFor resolves once the run finishes', async () => {
    const url = await app(express, realClient());
    const { runId } = (await request(`${url}/orders/w1`, { method: 'POST' })).body as { runId: string };
    const waiting = request(`${url}/runs/${runId}/finished`);
    // Once the route's waitFor has polled (and seen the run unfinished), the run finishes.
    await eventually(() => expect(courier.requests.some((r) => r.endpoint === 'runs.get' && r.runId === runId)).toBe(true));
    courier.setRunStatus(runId, 'PROCESSED');
    expect(await waiting).toMatchObject({ status: 200, body: { run_id: runId, status: 'PROCESSED' } });
  });
});

describe.each(EXPRESS_VERSIONS)('%s: req.journeys lifecycle through the client given to journeys()', (_name, express) => {
  it('passes through to a FakeJourneysClient (its matchers see the cancel)', async () => {
    const fake = new FakeJourneysClient({ catalog });
    const url = await app(express, { client: fake, catalog });
    const { runId } = (await request(`${url}/orders/f1`, { method: 'POST' })).body as { runId: string };
    expect(await request(`${url}/orders/f1/cancel`, { method: 'POST' })).toMatchObject({ status: 202, body: { cancelation_token: 'order-f1' } });
    expect(fake).toHaveCanceledJourney('order-reminder', { data: { order_id: 'f1' } });
    expect(await request(`${url}/runs/${runId}`)).toMatchObject({ status: 200, body: { run_id: runId, status: 'CANCELED' } });
    expect(fake.cancellations[0]).toMatchObject({ idempotencyKey: 'cancel-f1' });
  });

  it('journeys.get passes through to a FakeJourneysClient built from the same definitions', async () => {
    const fake = new FakeJourneysClient({ catalog, journeyDefinitions: [ORDER_REMINDER] });
    const url = await app(express, { client: fake, catalog });
    expect(await request(`${url}/journeys/order-reminder`)).toMatchObject({
      status: 200,
      body: { id: 'order-reminder', nodes: ORDER_REMINDER.nodes },
    });
  });

  it('an invoke-only JourneysInvoker: invoke works, each lifecycle call is a 500 with a configuration error naming what is missing', async () => {
    const invoker: JourneysInvoker = { invoke: async () => ({ runId: 'r-custom' }) };
    const seen: JourneysError[] = [];
    const url = await app(express, { client: invoker }, seen);
    expect(await request(`${url}/orders/c1`, { method: 'POST' })).toMatchObject({ status: 201, body: { runId: 'r-custom' } });
    const config = { status: 500, body: { code: 'ERR_JOURNEYS_CONFIG' } };
    expect(await request(`${url}/orders/c1/cancel`, { method: 'POST' })).toMatchObject(config);
    expect(await request(`${url}/runs/r-custom`)).toMatchObject(config);
    expect(await request(`${url}/runs/r-custom/steps`)).toMatchObject(config);
    expect(await request(`${url}/runs`)).toMatchObject(config);
    expect(await request(`${url}/runs/r-custom/finished`)).toMatchObject(config);
    expect(await request(`${url}/journeys/order-reminder`)).toMatchObject(config);
    expect(await request(`${url}/journeys`)).toMatchObject(config);
    expect(seen.every((e) => e instanceof JourneysConfigurationError)).toBe(true);
    expect(seen.map((e) => e.message.slice(0, e.message.indexOf(' needs')))).toEqual([
      'req.journeys.cancel()',
      'req.journeys.runs.get()',
      'req.journeys.runs.steps()',
      'req.journeys.runs.list()',
      'req.journeys.runs.waitFor()',
      'req.journeys.journeys.get()',
      'req.journeys.journeys.list()',
    ]);
    expect(seen[0]?.message).toContain('journeys({ client }) has no cancel()');
    expect(seen[0]?.message).toContain('Pass a JourneysClient');
  });
});

describe('req.journeys lifecycle methods', () => {
  it("work detached, like the client's (const { cancel, runs } = req.journeys)", async () => {
    const fake = new FakeJourneysClient();
    const express = EXPRESS_VERSIONS[0][1];
    const server = express();
    server.use(journeys({ client: fake }));
    server.post(
      '/go',
      route(async (req, res) => {
        const { runId } = await req.journeys.invoke('welcome', { user_id: 'u1' });
        const { cancel, runs } = req.journeys;
        const { get } = runs;
        res.json({ cancel: await cancel({ run_id: runId }), run: await get(runId) });
      }),
    );
    server.use(journeysErrorHandler());
    const listening = await listen(server);
    running.push(listening);
    const answer = await request(`${listening.url}/go`, { method: 'POST' });
    expect(answer).toMatchObject({ status: 200, body: { cancel: { status: 'CANCELED' }, run: { status: 'CANCELED' } } });
  });
});
