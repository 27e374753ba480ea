import { JourneysClient, JourneysConfigurationError, JourneysValidationError, type InvokeRequest, type JourneysError } from '@journeykit/core';
import { journeysErrorBody } from '@journeykit/core/internal';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import '@journeykit/testkit/vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { afterResponse, invokeAfterResponse, journeys, journeysErrorHandler, type JourneysMiddlewareOptions } from '../../src/index.js';
import { EXPRESS_VERSIONS, type ExpressFactory } from '../support/express-versions.js';
import { route } from '../support/route.js';
import { listen, request, type Listening } from '@journeykit/test-support/http';
import { catalog } from './register.js';

const API_KEY = 'sk_test_catalog';
let courier: FakeCourierServer;
const running: Listening[] = [];
const opened: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  courier = await startFakeCourier({ apiKey: API_KEY });
});
afterAll(() => courier.close());
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  await Promise.all(opened.splice(0).map((c) => c.close()));
  courier.reset();
});

function track<T extends { close(): Promise<void> }>(made: T): T {
  opened.push(made);
  return made;
}
const plainClient = () => track(new JourneysClient({ apiKey: API_KEY, baseUrl: courier.url, maxRetries: 0 }));
const catalogClient = () => track(new JourneysClient({ apiKey: API_KEY, baseUrl: courier.url, maxRetries: 0, catalog }));

/** The ways an app hands its catalog to the middleware; each must behave the same. */
const setups: Array<{ name: string; options: () => JourneysMiddlewareOptions }> = [
  { name: 'journeys({ catalog, ...client options })', options: () => ({ catalog, apiKey: API_KEY, baseUrl: courier.url, maxRetries: 0 }) },
  { name: 'journeys({ catalog, client })', options: () => ({ catalog, client: plainClient() }) },
  { name: 'journeys({ client: a JourneysClient made with the catalog })', options: () => ({ client: catalogClient() }) },
];

interface Served {
  url: string;
  /** Errors the error handler saw, in order. */
  errors: JourneysError[];
  /** Failures of journeys started after a response. */
  reported: unknown[];
  close(): Promise<void>;
}

/** An app as a user writes it with a registered catalog: request bodies go straight into typed calls. */
async function serve(express: ExpressFactory, options: JourneysMiddlewareOptions): Promise<Served> {
  const errors: JourneysError[] = [];
  const reported: unknown[] = [];
  const app = express();
  app.use(express.json());
  const middleware = journeys({
    ...options,
    identify: (req) => (req.get('x-user-id') === undefined ? undefined : { user_id: req.get('x-user-id') }),
    onAfterResponseError: (error) => reported.push(error),
  });
  app.use(middleware);
  app.post(
    '/ship',
    route(async (req, res) => res.status(201).json(await req.journeys.invoke('order-shipped', { data: req.body }))),
  );
  app.post(
    '/cast',
    route(async (req, res) => res.json(await req.journeys.invoke('beta-journey' as 'welcome', {}))),
  );
  app.post(
    '/beta',
    route(async (req, res) => res.status(201).json(await req.journeys.untyped.invoke('beta-journey', { data: req.body }))),
  );
  app.post('/ship-later', (req, res) => {
    invokeAfterResponse(req, 'order-shipped', { data: req.body });
    res.sendStatus(202);
  });
  app.post(
    '/beta-later',
    afterResponse('beta-journey', (req) => ({ data: req.body }), { untyped: true }),
    (_req, res) => void res.sendStatus(202),
  );
  app.use(journeysErrorHandler({ onError: (error) => errors.push(error) }));
  const listening = await listen(app);
  running.push(listening);
  return { url: listening.url, errors, reported, close: () => middleware.close() };
}

function post(url: string, body: unknown, userId: string | undefined = 'ada') {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(userId === undefined ? {} : { 'x-user-id': userId }) },
    body: JSON.stringify(body),
  });
}

/** Bad calls, each with what the same call made straight on a JourneysClient with the catalog rejects. */
const badCalls: Array<{ name: string; body: unknown; userId: string | undefined; paths: string[] }> = [
  { name: 'a missing data field', body: { order_id: 'o1' }, userId: 'ada', paths: ['data.eta'] },
  {
    name: 'wrong types, nested too',
    body: { order_id: 7, eta: 'soon', items: [{ sku: 1 }] },
    userId: 'ada',
    paths: ['data.order_id', 'data.items.0.sku'],
  },
  { name: 'bad data from an anonymous caller', body: { eta: 'soon' }, userId: undefined, paths: ['data.order_id'] },
];

describe.each(EXPRESS_VERSIONS)('%s: a registered catalog over HTTP', (_name, express) => {
  describe.each(setups)('$name', ({ options }) => {
    it('sends a call that fits the catalog', async () => {
      const app = await serve(express, options());
      const answer = await post(`${app.url}/ship`, { order_id: 'o1', eta: 'tomorrow' });
      expect(answer).toMatchObject({ status: 201, body: { runId: courier.invocations[0]?.runId } });
      expect(courier).toHaveInvokedJourney('order-shipped', { user_id: 'ada', data: { order_id: 'o1', eta: 'tomorrow' } });
    });

    it.each(badCalls)('answers 400 to $name, naming the journey and the field paths, and sends nothing', async ({ body, userId, paths }) => {
      const app = await serve(express, options());
      const answer = await post(`${app.url}/ship`, body, userId);

      const direct = await catalogClient()
        .invoke('order-shipped', { ...(userId === undefined ? {} : { user_id: userId }), data: body } as never)
        .catch((error: unknown) => error);
      expect(direct).toBeInstanceOf(JourneysValidationError);
      const expected = journeysErrorBody(direct as JourneysValidationError);
      expect(answer).toMatchObject({ status: 400, body: expected });
      expect(expected.statusCode).toBe(400);
      expect((answer.body as { issues: Array<{ path: unknown[] }> }).issues.map((i) => i.path.join('.'))).toStrictEqual(paths);
      // The very error the client throws, not a look-alike: same message, same issues.
      expect(app.errors).toHaveLength(1);
      expect(app.errors[0]).toBeInstanceOf(JourneysValidationError);
      expect(app.errors[0]!.message).toBe((direct as Error).message);
      expect(app.errors[0]!.message).toContain('journey "order-shipped"');
      expect(courier.requests).toHaveLength(0);
    });

    it("answers 500 naming identify when identify returns an empty user id (the server's bug, not the caller's)", async () => {
      const app = await serve(express, options());
      const answer = await post(`${app.url}/ship`, { order_id: 'o1', eta: 'tomorrow' }, '');
      expect(answer).toMatchObject({ status: 500, body: { code: 'ERR_JOURNEYS_CONFIG' } });
      expect(JSON.stringify(answer.body)).not.toMatch(/user_id|identify/);
      expect(app.errors[0]!.message).toMatch(/^identify\(req\) returned an identity that cannot be sent \(user_id: must not be empty/);
      expect(courier.requests).toHaveLength(0);
    });

    it('rejects a template ID outside the catalog at run time too (a cast got it past the compiler)', async () => {
      const app = await serve(express, options());
      const answer = await post(`${app.url}/cast`, {});
      // A server bug, not the caller's: 500, and the catalog's journey names stay on the server.
      expect(answer).toMatchObject({ status: 500, body: { code: 'ERR_JOURNEYS_CONFIG' } });
      expect(JSON.stringify(answer.body)).not.toMatch(/beta-journey|order-shipped|welcome|catalog/);
      expect(app.errors[0]!.message).toMatch(/"beta-journey" is not in the journey catalog \(known: .*order-shipped.*\.untyped/);
      expect(courier.requests).toHaveLength(0);
    });

    it('sends a journey outside the catalog through req.journeys.untyped, identity filled in, data unchecked', async () => {
      const app = await serve(express, options());
      const answer = await post(`${app.url}/beta`, { order_id: 7 });
      expect(answer.status).toBe(201);
      expect(courier.invocations).toMatchObject([{ templateId: 'beta-journey', request: { user_id: 'ada', data: { order_id: 7 } } }]);
    });

    it('checks after-response journeys too: a bad one is reported and sent nowhere; { untyped: true } goes out', async () => {
      const app = await serve(express, options());
      expect((await post(`${app.url}/ship-later`, { order_id: 'o1' })).status).toBe(202);
      expect((await post(`${app.url}/beta-later`, { anything: true })).status).toBe(202);
      await app.close(); // waits for the journeys started after the responses
      expect(app.reported).toHaveLength(1);
      expect(app.reported[0]).toBeInstanceOf(JourneysValidationError);
      expect((app.reported[0] as JourneysValidationError).issues.map((i) => i.path.join('.'))).toStrictEqual(['data.eta']);
      expect(courier.invocations.map((i) => i.templateId)).toStrictEqual(['beta-journey']);
    });
  });
});

// The typed testing recipe of the README, kept honest.
describe.each(EXPRESS_VERSIONS)('%s: testing a typed app with a FakeJourneysClient made with the catalog', (_name, express) => {
  it('records good calls, rejects bad data with a 400 like the real client, and takes untyped calls', async () => {
    const fake = new FakeJourneysClient({ catalog, seed: 1 });
    const app = await serve(express, { client: fake });
    expect((await post(`${app.url}/ship`, { order_id: 'o1', eta: 'soon' })).status).toBe(201);
    expect(await post(`${app.url}/ship`, { order_id: 'o1' })).toMatchObject({
      status: 400,
      body: { statusCode: 400, issues: [{ path: ['data', 'eta'] }] },
    });
    expect((await post(`${app.url}/beta`, { x: 1 })).status).toBe(201);
    expect(fake).toHaveInvokedJourney('order-shipped', { user_id: 'ada', data: { order_id: 'o1', eta: 'soon' } });
    expect(fake.invocations.map((i) => i.templateId)).toStrictEqual(['order-shipped', 'beta-journey']);
    expect(courier.requests).toHaveLength(0);
  });
});

describe('journeys({ catalog }) configuration', () => {
  it.each([
    { name: 'with client options', options: { apiKey: API_KEY, catalog: { journeys: {} } } },
    { name: 'with a client', options: { client: { invoke: async () => ({ runId: 'r' }) }, catalog: { journeys: {} } } },
  ])('refuses a catalog not made by defineJourneys() ($name) at start-up', ({ options }) => {
    expect(() => journeys(options as never)).toThrow(JourneysConfigurationError);
    expect(() => journeys(options as never)).toThrow(/defineJourneys/);
  });

  it('checks before handing the call to a client it was given, which sees only good calls', async () => {
    const seen: Array<[string, InvokeRequest]> = [];
    const given = { invoke: async (templateId: string, request: InvokeRequest) => (seen.push([templateId, request]), { runId: 'r' }) };
    const { client: checked } = journeys({ catalog, client: given });
    await expect(checked.invoke('order-shipped', { user_id: 'u1', data: { order_id: 'o1' } })).rejects.toBeInstanceOf(JourneysValidationError);
    await expect(checked.invoke('order-shipped', { user_id: 'u1', data: { order_id: 'o1', eta: 'e' } })).resolves.toEqual({ runId: 'r' });
    expect(seen).toStrictEqual([['order-shipped', { user_id: 'u1', data: { order_id: 'o1', eta: 'e' } }]]);
  });
});
