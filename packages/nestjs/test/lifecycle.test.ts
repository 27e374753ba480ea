import { JourneysConfigurationError, type JourneyRun, type JourneysInvoker } from '@journeykit/core';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import '@journeykit/testkit/vitest';
import { Controller, Get, Module, Param, Post, Query, type DynamicModule, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JourneysExceptionFilter, JourneysModule, JourneysService, type JourneysModuleOptions } from '../src/index.js';
import { eventually, request } from '@journeykit/test-support/http';
import { listen, platforms } from './support/platforms.js';

// JourneysService.cancel and JourneysService.runs in real Nest apps over real HTTP: through a real
// JourneysClient to the fake Courier server, through a FakeJourneysClient, and through a client
// that has no lifecycle methods.
const API_KEY = 'sk_test_nest_lifecycle';

@Controller('runs')
class RunsController {
  constructor(private readonly journeys: JourneysService) {}

  @Post('start/:user')
  start(@Param('user') user: string) {
    return this.journeys.invoke('order-reminder', { user_id: user, data: { order_id: `o-${user}` } });
  }

  @Post('by-token/:token')
  cancelByToken(@Param('token') token: string) {
    return this.journeys.cancel({ cancelation_token: token }, { idempotencyKey: `cancel-${token}` });
  }

  @Get()
  async list(@Query('limit') limit?: string) {
    const runs: JourneyRun[] = [];
    for await (const run of this.journeys.runs.list({ limit: limit === undefined ? undefined : Number(limit) })) runs.push(run);
    return runs;
  }

  @Get(':id')
  async show(@Param('id') id: string) {
    const [run, steps] = await Promise.all([this.journeys.runs.get(id), this.journeys.runs.steps(id)]);
    return { run, steps };
  }

  @Post(':id/cancel')
  cancel(@Param('id') id: string) {
    return this.journeys.cancel({ run_id: id });
  }

  @Get(':id/finished')
  finished(@Param('id') id: string) {
    return this.journeys.runs.waitFor(id, { timeoutMs: 5_000, pollIntervalMs: 20 });
  }
}

@Controller('definitions')
class DefinitionsController {
  constructor(private readonly journeys: JourneysService) {}

  @Get(':id')
  async show(@Param('id') id: string) {
    const ids: string[] = [];
    for await (const journey of this.journeys.journeys.list()) ids.push(journey.id);
    return { ids, journey: await this.journeys.journeys.get(id), versions: await this.journeys.journeys.versions(id) };
  }
}

const ORDER_REMINDER = {
  id: 'order-reminder',
  name: 'Order reminder',
  nodes: [
    { id: 'trigger-1', type: 'trigger', trigger_type: 'api-invoke' },
    { id: 'exit-1', type: 'exit' },
  ],
};

@Module({})
class RunsAppModule {
  static with(options: JourneysModuleOptions): DynamicModule {
    return {
      module: RunsAppModule,
      imports: [JourneysModule.forRoot(options)],
      controllers: [RunsController, DefinitionsController],
      providers: [{ provide: APP_FILTER, useClass: JourneysExceptionFilter }],
    };
  }
}

let courier: FakeCourierServer;
const apps: INestApplication[] = [];
beforeAll(async () => {
  courier = await startFakeCourier({
    apiKey: API_KEY,
    journeys: { 'order-reminder': { cancelationToken: (request) => `order-${String(request.data?.order_id)}` } },
    journeyDefinitions: [ORDER_REMINDER],
  });
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  courier.reset();
});
afterAll(() => courier.close());

async function boot(options: JourneysModuleOptions, createAdapter = platforms[0]![1]): Promise<string> {
  const { app, url } = await listen(RunsAppModule.with(options), createAdapter());
  apps.push(app);
  return url;
}

describe.each(platforms)('on the %s platform, through a real JourneysClient to the fake Courier', (_platform, createAdapter) => {
  const real = (): JourneysModuleOptions => ({ apiKey: API_KEY, baseUrl: courier.url, retryDelayMs: 5 });

  it('shows a run with its steps, and cancels it by token', async () => {
    const url = await boot(real(), createAdapter);
    const { runId } = (await request(`${url}/runs/start/ada`, { method: 'POST' })).body as { runId: string };
    const shown = await request(`${url}/runs/${runId}`);
    expect(shown).toMatchObject({ status: 200, body: { run: { run_id: runId, template_id: 'order-reminder', status: 'PROCESSING' } } });
    expect((shown.body as { steps: unknown }).steps).toEqual(courier.runSteps(runId));

    expect(await request(`${url}/runs/by-token/order-o-ada`, { method: 'POST' })).toMatchObject({
      status: 201,
      body: { cancelation_token: 'order-o-ada' },
    });
    expect(courier).toHaveCanceledRun({ cancelation_token: 'order-o-ada' });
    expect(courier.requests.find((r) => r.endpoint === 'cancel')?.idempotencyKey).toBe('cancel-order-o-ada');
    expect(await request(`${url}/runs/${runId}`)).toMatchObject({ body: { run: { status: 'CANCELED' } } });
  });

  it('answers 404 with ERR_JOURNEYS_RUN_NOT_FOUND for an unknown run (get, steps, cancel by id)', async () => {
    const url = await boot(real(), createAdapter);
    const notFound = {
      status: 404,
      body: { statusCode: 404, error: 'Not Found', code: 'ERR_JOURNEYS_RUN_NOT_FOUND', message: 'The journey run was not found' },
    };
    expect(await request(`${url}/runs/1-00000000-gone`)).toMatchObject(notFound);
    expect(await request(`${url}/runs/1-00000000-gone/cancel`, { method: 'POST' })).toMatchObject(notFound);
  });

  it('reads journey definitions through JourneysService.journeys (list, get, versions)', async () => {
    const url = await boot(real(), createAdapter);
    expect(await request(`${url}/definitions/order-reminder`)).toMatchObject({
      status: 200,
      body: { ids: ['order-reminder'], journey: { id: 'order-reminder', nodes: ORDER_REMINDER.nodes }, versions: [{ version: 'v1' }] },
    });
  });

  it('lists runs across pages and waits for a run to finish', async () => {
    const url = await boot(real(), createAdapter);
    for (const user of ['a', 'b', 'c']) await request(`${url}/runs/start/${user}`, { method: 'POST' });
    const listed = await request(`${url}/runs?limit=1`);
    expect((listed.body as JourneyRun[]).map((r) => r.run_id)).toEqual(courier.invocations.map((i) => i.runId).reverse());
    expect(courier.requests.filter((r) => r.endpoint === 'runs.list')).toHaveLength(3);

    const runId = courier.invocations[0]!.runId;
    const waiting = request(`${url}/runs/${runId}/finished`);
    // Once the route's waitFor has polled (and seen the run unfinished), the run finishes.
    await eventually(() => expect(courier.requests.some((r) => r.endpoint === 'runs.get' && r.runId === runId)).toBe(true));
    courier.setRunStatus(runId, 'ERROR');
    expect(await waiting).toMatchObject({ status: 200, body: { run_id: runId, status: 'ERROR' } });
  });
});

describe('JourneysService lifecycle with the client given to the module', () => {
  it('passes through to a FakeJourneysClient', async () => {
    const fake = new FakeJourneysClient({
      journeys: { 'order-reminder': { cancelationToken: (request) => `order-${String(request.data?.order_id)}` } },
    });
    const url = await boot({ client: fake });
    const { runId } = (await request(`${url}/runs/start/bo`, { method: 'POST' })).body as { runId: string };
    expect(await request(`${url}/runs/${runId}/cancel`, { method: 'POST' })).toMatchObject({
      status: 201,
      body: { run_id: runId, status: 'CANCELED' },
    });
    expect(fake).toHaveCanceledRun({ run_id: runId });
    expect(await request(`${url}/runs/1-unknown`)).toMatchObject({ status: 404, body: { code: 'ERR_JOURNEYS_RUN_NOT_FOUND' } });
  });

  it('an invoke-only JourneysInvoker: invoke works, a lifecycle call is a 500 naming what is missing', async () => {
    const invoker: JourneysInvoker = { invoke: async () => ({ runId: 'r-custom' }) };
    const url = await boot({ client: invoker });
    expect(await request(`${url}/runs/start/cy`, { method: 'POST' })).toMatchObject({ status: 201, body: { runId: 'r-custom' } });
    const config = { status: 500, body: { code: 'ERR_JOURNEYS_CONFIG' } };
    expect(await request(`${url}/runs/r-custom`)).toMatchObject(config);
    expect(await request(`${url}/runs/r-custom/cancel`, { method: 'POST' })).toMatchObject(config);
    expect(await request(`${url}/runs`)).toMatchObject(config);
    expect(await request(`${url}/runs/r-custom/finished`)).toMatchObject(config);

    const moduleRef = await Test.createTestingModule({ imports: [JourneysModule.forRoot({ client: invoker })] }).compile();
    const service = moduleRef.get(JourneysService);
    const error = await service.cancel({ run_id: 'r1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysConfigurationError);
    expect((error as Error).message).toMatch(/^JourneysService\.cancel\(\) needs a client that implements it: .* has no cancel\(\)/);
    await expect(service.runs.steps('r1')).rejects.toThrow(/JourneysService\.runs\.steps\(\) needs a client/);
    await moduleRef.close();
  });

  it('overrideProvider(JourneysService).useValue(new FakeJourneysClient()) keeps the lifecycle', async () => {
    const fake = new FakeJourneysClient();
    const moduleRef = await Test.createTestingModule({ imports: [RunsAppModule.with({ apiKey: API_KEY })] })
      .overrideProvider(JourneysService)
      .useValue(fake)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const { runId } = (await request(`${url}/runs/start/di`, { method: 'POST' })).body as { runId: string };
    fake.setRunStatus(runId, 'PROCESSED');
    expect(await request(`${url}/runs/${runId}`)).toMatchObject({ status: 200, body: { run: { run_id: runId, status: 'PROCESSED' } } });
  });
});
