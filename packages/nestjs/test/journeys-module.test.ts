import { startFakeCourier } from '@journeykit/testkit';
import { Module, type DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { JOURNEYS_INVOKER, JOURNEYS_MODULE_OPTIONS, JourneysModule, JourneysService } from '../src/index.js';
import { CourierSettings, FeatureModule, Greeter, JourneysConfig, SettingsModule, TokenGreeter } from './support/consumers.js';

const API_KEY = 'sk_test_nest_module';

describe('JourneysModule', () => {
  let courier: Awaited<ReturnType<typeof startFakeCourier>>;
  let settings: CourierSettings;

  beforeAll(async () => {
    courier = await startFakeCourier({ apiKey: API_KEY });
    settings = new CourierSettings(API_KEY, courier.url);
  });
  afterAll(async () => {
    await courier.close();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('emits decorator metadata in tests, so injection by type is really exercised', () => {
    expect(Reflect.getMetadata('design:paramtypes', Greeter)).toEqual([JourneysService]);
    expect(Reflect.getMetadata('design:paramtypes', JourneysConfig)).toEqual([CourierSettings]);
  });

  const forms: Array<[string, (s: CourierSettings) => DynamicModule]> = [
    ['forRoot', (s) => JourneysModule.forRoot({ apiKey: s.apiKey, baseUrl: s.baseUrl })],
    [
      'forRootAsync with useFactory + inject',
      (s) =>
        JourneysModule.forRootAsync({
          imports: [SettingsModule.with(s)],
          inject: [CourierSettings],
          useFactory: (injected: CourierSettings) => ({ apiKey: injected.apiKey, baseUrl: injected.baseUrl }),
        }),
    ],
    [
      'forRootAsync with an async useFactory',
      (s) =>
        JourneysModule.forRootAsync({
          useFactory: async () => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            return { apiKey: s.apiKey, baseUrl: s.baseUrl };
          },
        }),
    ],
    ['forRootAsync with useClass', (s) => JourneysModule.forRootAsync({ imports: [SettingsModule.with(s)], useClass: JourneysConfig })],
    ['forRootAsync with useExisting', (s) => JourneysModule.forRootAsync({ imports: [SettingsModule.with(s)], useExisting: JourneysConfig })],
  ];

  it.each(forms)('%s: JourneysService (by type) and @InjectJourneys() start journeys on Courier', async (_name, journeysModule) => {
    const moduleRef = await Test.createTestingModule({
      imports: [journeysModule(settings)],
      providers: [Greeter, TokenGreeter],
    }).compile();
    try {
      const greeter = moduleRef.get(Greeter);
      expect(greeter.journeys).toBeInstanceOf(JourneysService);
      expect(moduleRef.get(TokenGreeter).journeys).toBe(greeter.journeys);
      expect(moduleRef.get(JOURNEYS_INVOKER)).toBe(greeter.journeys);

      const before = courier.invocations.length;
      const { runId } = await greeter.welcome('user-42');
      expect(courier.invocations.slice(before)).toMatchObject([
        { templateId: 'welcome', userId: 'user-42', runId, request: { user_id: 'user-42', data: { source: 'greeter' } } },
      ]);
    } finally {
      await moduleRef.close();
    }
  });

  it('useExisting asks the exported factory instance; useClass builds its own', async () => {
    const shared = new JourneysConfig(settings);
    @Module({
      providers: [
        { provide: CourierSettings, useValue: settings },
        { provide: JourneysConfig, useValue: shared },
      ],
      exports: [CourierSettings, JourneysConfig],
    })
    class SharedConfigModule {}
    const boot = (form: 'useExisting' | 'useClass') =>
      Test.createTestingModule({
        imports: [JourneysModule.forRootAsync({ imports: [SharedConfigModule], [form]: JourneysConfig })],
      }).compile();

    const viaClass = await boot('useClass');
    await viaClass.close();
    expect(shared.calls).toBe(0);
    const viaExisting = await boot('useExisting');
    await viaExisting.close();
    expect(shared.calls).toBe(1);
  });

  it('forRoot() with no options reads COURIER_API_KEY and COURIER_BASE_URL', async () => {
    vi.stubEnv('COURIER_API_KEY', API_KEY);
    vi.stubEnv('COURIER_BASE_URL', courier.url);
    const moduleRef = await Test.createTestingModule({ imports: [JourneysModule.forRoot()], providers: [Greeter] }).compile();
    try {
      const { runId } = await moduleRef.get(Greeter).welcome('env-user');
      expect(courier.invocations.at(-1)).toMatchObject({ userId: 'env-user', runId });
    } finally {
      await moduleRef.close();
    }
  });

  it('keeps isGlobal out of the options it provides', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [JourneysModule.forRoot({ apiKey: API_KEY, baseUrl: courier.url, isGlobal: true })],
    }).compile();
    try {
      expect(moduleRef.get(JOURNEYS_MODULE_OPTIONS)).toEqual({ apiKey: API_KEY, baseUrl: courier.url });
    } finally {
      await moduleRef.close();
    }
  });

  describe('isGlobal', () => {
    const registrations: Array<[string, (isGlobal: boolean | undefined) => DynamicModule]> = [
      ['forRoot', (isGlobal) => JourneysModule.forRoot({ apiKey: API_KEY, baseUrl: courier.url, isGlobal })],
      ['forRootAsync', (isGlobal) => JourneysModule.forRootAsync({ isGlobal, useFactory: () => ({ apiKey: API_KEY, baseUrl: courier.url }) })],
    ];

    it.each(registrations)('%s with isGlobal: true serves feature modules that do not import it', async (_name, register) => {
      @Module({ imports: [register(true), FeatureModule] })
      class AppModule {}
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      try {
        const greeter = moduleRef.get(Greeter);
        expect(greeter.journeys).toBeInstanceOf(JourneysService);
        expect(greeter.journeys).toBe(moduleRef.get(JourneysService));
        await expect(greeter.welcome('global-user')).resolves.toMatchObject({ runId: expect.any(String) });
      } finally {
        await moduleRef.close();
      }
    });

    it.each(
      registrations.flatMap(([name, register]) => [
        [`${name} by default`, () => register(undefined)] as const,
        [`${name} with isGlobal: false`, () => register(false)] as const,
      ]),
    )('%s is not visible to feature modules that do not import it', async (_name, register) => {
      @Module({ imports: [register(), FeatureModule] })
      class AppModule {}
      await expect(Test.createTestingModule({ imports: [AppModule] }).compile()).rejects.toThrow(/can't resolve dependencies of the Greeter/);
    });
  });
});
