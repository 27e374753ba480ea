import { FakeJourneysClient } from '@journeykit/testkit';
import '@journeykit/testkit/vitest';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JOURNEYS_INVOKER, JourneysModule, JourneysService } from '../src/index.js';
import { FeatureModule, Greeter, TokenGreeter } from './support/consumers.js';

/** An app as users write it: the real module configuration, from the environment. */
@Module({
  imports: [JourneysModule.forRootAsync({ isGlobal: true, useFactory: () => ({ apiKey: process.env.COURIER_API_KEY }) }), FeatureModule],
  providers: [TokenGreeter],
})
class AppModule {}

describe('overriding JourneysService in @nestjs/testing', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('puts the FakeJourneysClient behind JourneysService and the token, without an API key or a network call', async () => {
    vi.stubEnv('COURIER_API_KEY', ''); // the real client would refuse to start without a key
    const fake = new FakeJourneysClient({ seed: 7 });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(JourneysService)
      .useValue(fake)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      expect(app.get(Greeter).journeys).toBe(fake);
      expect(app.get(TokenGreeter).journeys).toBe(fake);
      expect(app.get(JOURNEYS_INVOKER)).toBe(fake);

      const { runId } = await app.get(Greeter).welcome('user-7');
      expect(fake.invocations).toEqual([
        expect.objectContaining({ templateId: 'welcome', userId: 'user-7', runId, request: { user_id: 'user-7', data: { source: 'greeter' } } }),
      ]);
      expect(fake).toHaveInvokedJourney('welcome', { user_id: 'user-7' });
      expect(fake).toHaveInvokedJourneyTimes('welcome', 1);
      // Same validation as the real client: bad input is rejected the same way.
      await expect(app.get(Greeter).welcome('')).rejects.toMatchObject({ code: 'ERR_JOURNEYS_VALIDATION' });
    } finally {
      await app.close();
    }
    // The fake outlives the app: shutdown does not touch an overriding value.
    await expect(fake.invoke('welcome', { user_id: 'after-close' })).resolves.toMatchObject({ runId: expect.any(String) });
  });
});
