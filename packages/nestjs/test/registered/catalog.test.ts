import { JourneysClient, JourneysConfigurationError, JourneysValidationError, type JourneyData } from '@journeykit/core';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import '@journeykit/testkit/vitest';
import { Body, Controller, Headers, Module, Post, type DynamicModule, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JourneysExceptionFilter, JourneysModule, JourneysService, journeysErrorBody } from '../../src/index.js';
import { request } from '@journeykit/test-support/http';
import { listen, platforms } from '../support/platforms.js';
import { catalog } from './register.js';

const API_KEY = 'sk_test_nest_catalog';
let courier: FakeCourierServer;
const opened: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  courier = await startFakeCourier({ apiKey: API_KEY });
});
afterAll(async () => {
  // Clients outlive single tests: the apps built in beforeAll hold some of them.
  await Promise.all(opened.splice(0).map((c) => c.close()));
  await courier.close();
});
afterEach(() => courier.reset());

function track<T extends { close(): Promise<void> }>(made: T): T {
  opened.push(made);
  return made;
}
const plainClient = () => track(new JourneysClient({ apiKey: API_KEY, baseUrl: courier.url, maxRetries: 0 }));
const catalogClient = () => track(new JourneysClient({ apiKey: API_KEY, baseUrl: courier.url, maxRetries: 0, catalog }));

/** A controller as users write it: the body is typed by the catalog, but nothing checked it yet. */
@Controller()
class ShippingController {
  constructor(private readonly journeys: JourneysService) {}

  @Post('ship')
  ship(@Body() body: JourneyData<typeof catalog, 'order-shipped'>, @Headers('x-user-id') userId?: string) {
    return this.journeys.invoke('order-shipped', { ...(userId === undefined ? {} : { user_id: userId }), data: body });
  }

  @Post('cast')
  cast() {
    return this.journeys.invoke('beta-journey' as 'welcome', { user_id: 'ada' });
  }

  @Post('beta')
  beta(@Body() body: Record<string, unknown>) {
    return this.journeys.untyped.invoke('beta-journey', { user_id: 'ada', data: body });
  }
}

@Module({})
class ShippingAppModule {
  static with(journeys: DynamicModule): DynamicModule {
    return {
      module: ShippingAppModule,
      imports: [journeys],
      controllers: [ShippingController],
      providers: [{ provide: APP_FILTER, useClass: JourneysExceptionFilter }],
    };
  }
}

/** The ways an app hands its catalog to the module; each must behave the same. */
const setups: Array<[string, () => DynamicModule]> = [
  ['forRoot({ catalog, ...client options })', () => JourneysModule.forRoot({ catalog, apiKey: API_KEY, baseUrl: courier.url, maxRetries: 0 })],
  ['forRoot({ catalog, client })', () => JourneysModule.forRoot({ catalog, client: plainClient() })],
  [
    'forRootAsync returning { catalog, ...client options }',
    () => JourneysModule.forRootAsync({ useFactory: async () => ({ catalog, apiKey: API_KEY, baseUrl: courier.url, maxRetries: 0 }) }),
  ],
  ['forRoot({ client: a JourneysClient made with the catalog })', () => JourneysModule.forRoot({ client: catalogClient() })],
];

/** Bad calls, each with the field paths a JourneysClient made with the catalog reports for it. */
const badCalls: Array<{ name: string; body: unknown; userId: string | undefined; paths: string[] }> = [
  { name: 'a missing data field', body: { order_id: 'o1' }, userId: 'ada', paths: ['data.eta'] },
  {
    name: 'wrong types, nested too',
    body: { order_id: 7, eta: 'soon', items: [{ sku: 1 }] },
    userId: 'ada',
    paths: ['data.order_id', 'data.items.0.sku'],
  },
  { name: 'bad data and an empty user id: every problem at once', body: { order_id: 'o1' }, userId: '', paths: ['data.eta', 'user_id'] },
];

function post(url: string, body: unknown, userId: string | undefined = 'ada') {
  return request(url, { method: 'POST', body, headers: userId === undefined ? {} : { 'x-user-id': userId } });
}

describe.each(setups)('a registered catalog over HTTP, %s', (_name, journeysModule) => {
  const [, createAdapter] = platforms[0]!; // the catalog is platform-independent: the Express platform is enough
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    ({ app, url } = await listen(ShippingAppModule.with(journeysModule()), createAdapter()));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sends a call that fits the catalog', async () => {
    const answer = await post(`${url}/ship`, { order_id: 'o1', eta: 'tomorrow' });
    expect(answer).toMatchObject({ status: 201, body: { runId: courier.invocations[0]?.runId } });
    expect(courier).toHaveInvokedJourney('order-shipped', { user_id: 'ada', data: { order_id: 'o1', eta: 'tomorrow' } });
  });

  it.each(badCalls)('answers 400 to $name, exactly as the client with the catalog rejects it, and sends nothing', async ({ body, userId, paths }) => {
    const answer = await post(`${url}/ship`, body, userId);
    const direct = await catalogClient()
      .invoke('order-shipped', { ...(userId === undefined ? {} : { user_id: userId }), data: body } as never)
      .catch((error: unknown) => error);
    expect(direct).toBeInstanceOf(JourneysValidationError);
    expect(answer.status).toBe(400);
    expect(answer.body).toStrictEqual(journeysErrorBody(direct as JourneysValidationError));
    expect((answer.body as { issues: Array<{ path: unknown[]; message: string }> }).issues.map((i) => i.path.join('.'))).toStrictEqual(paths);
    expect((answer.body as { issues: Array<{ message: string }> }).issues[0]!.message).toContain('journey "order-shipped"');
    expect(courier.requests).toHaveLength(0);
  });

  it('sends a journey outside the catalog through untyped, data unchecked', async () => {
    const answer = await post(`${url}/beta`, { order_id: 7 });
    expect(answer.status).toBe(201);
    expect(courier.invocations).toMatchObject([{ templateId: 'beta-journey', request: { user_id: 'ada', data: { order_id: 7 } } }]);
  });

  it('rejects a template ID outside the catalog at run time too (a cast got it past the compiler)', async () => {
    const journeys = app.get(JourneysService);
    const error = await journeys.invoke('beta-journey' as 'welcome', { user_id: 'ada' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysConfigurationError);
    expect((error as Error).message).toMatch(/"beta-journey" is not in the journey catalog.*\.untyped/);
    expect(courier.requests).toHaveLength(0);
  });

  it('answers 500 over HTTP for a template ID outside the catalog, without listing the catalog', async () => {
    const answer = await post(`${url}/cast`, {});
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.body)).not.toMatch(/beta-journey|order-shipped|welcome|catalog/);
    expect(courier.requests).toHaveLength(0);
  });
});

describe('testing a typed app', () => {
  it('a FakeJourneysClient made with the catalog stands in for JourneysService: same checks, untyped included', async () => {
    const fake = new FakeJourneysClient({ catalog });
    const moduleRef = await Test.createTestingModule({
      imports: [ShippingAppModule.with(JourneysModule.forRoot({ catalog, apiKey: 'never-used' }))],
    })
      .overrideProvider(JourneysService)
      .useValue(fake)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    try {
      const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
      expect((await post(`${url}/ship`, { order_id: 'o1', eta: 'soon' })).status).toBe(201);
      const bad = await post(`${url}/ship`, { order_id: 'o1' });
      expect(bad).toMatchObject({ status: 400, body: { issues: [{ path: ['data', 'eta'] }] } });
      expect((await post(`${url}/beta`, { x: 1 })).status).toBe(201);
      expect(fake.invocations.map((i) => i.templateId)).toStrictEqual(['order-shipped', 'beta-journey']);
      expect(fake).toHaveInvokedJourney('order-shipped', { user_id: 'ada', data: { order_id: 'o1', eta: 'soon' } });
      expect(courier.requests).toHaveLength(0);
    } finally {
      await app.close();
    }
  });
});

describe('JourneysModule catalog configuration', () => {
  it.each([
    ['with client options', { apiKey: API_KEY, catalog: { journeys: {} } }],
    ['with a client', { client: { invoke: async () => ({ runId: 'r' }) }, catalog: { journeys: {} } }],
  ])('refuses a catalog not made by defineJourneys() (%s) at bootstrap', async (_name, options) => {
    const error = await Test.createTestingModule({ imports: [JourneysModule.forRoot(options as never)] })
      .compile()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(JourneysConfigurationError);
    expect((error as Error).message).toMatch(/defineJourneys/);
  });

  it('accepts a catalog next to a client (it is not a client option)', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [JourneysModule.forRoot({ client: { invoke: async () => ({ runId: 'r' }) }, catalog })],
    }).compile();
    try {
      const journeys = moduleRef.get(JourneysService);
      await expect(journeys.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: 'r' });
      await expect(journeys.untyped.invoke('beta-journey', { user_id: 'u1' })).resolves.toEqual({ runId: 'r' });
    } finally {
      await moduleRef.close();
    }
  });
});
