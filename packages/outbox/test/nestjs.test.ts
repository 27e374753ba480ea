/**
 * @journeykit/outbox/nestjs in a real Nest application on a real PostgreSQL server: the outbox is
 * injectable by its class, its worker starts with the application and stops with it (after the
 * delivery in flight), and the test kit's fake stands in for it.
 */
import 'reflect-metadata';
import { JourneysClient } from '@journeykit/core';
import { FakeJourneysOutbox, startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysOutbox, JourneysOutboxError } from '../src/index.js';
import { JourneysOutboxModule } from '../src/nestjs/index.js';
import { freshSchema, jobStates, testBoss, testPool, waitFor } from '@journeykit/test-support/postgres';

const API_KEY = 'sk_test_outbox_nest';
const pool = testPool(2);
let server: FakeCourierServer;
let sent = 0;
beforeAll(async () => {
  server = await startFakeCourier({ apiKey: API_KEY });
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

@Injectable()
class SignupService {
  constructor(private readonly outbox: JourneysOutbox) {}
  signUp(userId: string) {
    return this.outbox.enqueue('welcome', { user_id: userId });
  }
}

function appModule(schema: string, work: { concurrency: number; pollIntervalMs: number } | false) {
  @Module({
    imports: [
      JourneysOutboxModule.forRootAsync({
        isGlobal: true,
        useFactory: () => ({
          outbox: new JourneysOutbox({
            boss: testBoss(schema),
            client: new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, hooks: { onRequest: () => void sent++ } }),
          }),
          work,
        }),
      }),
    ],
    providers: [SignupService],
  })
  class AppModule {}
  return AppModule;
}

async function createApp(module: unknown): Promise<INestApplication> {
  const app = await NestFactory.create(module as never, { logger: false });
  await app.init();
  return app;
}

describe('JourneysOutboxModule', () => {
  it('injects the outbox, delivers while the app runs, and stops after the delivery in flight when the app closes', async () => {
    const schema = freshSchema();
    const app = await createApp(appModule(schema, { concurrency: 2, pollIntervalMs: 500 }));
    try {
      const signups = app.get(SignupService);
      const first = await signups.signUp('nest-1');
      await waitFor('the first run', () => server.invocations.some((r) => r.idempotencyKey === first.idempotencyKey));

      server.inject({ kind: 'delay', durationMs: 1_500 });
      const second = await signups.signUp('nest-2');
      const before = sent;
      await waitFor('the second request in flight', () => sent > before, 10_000);
      await app.close(); // while Courier still holds its answer

      expect(server.invocations.some((r) => r.idempotencyKey === second.idempotencyKey)).toBe(true);
      const jobs = await jobStates(pool, schema, 'journeykit-invoke');
      expect(jobs).toEqual([]); // both delivered, and deleted once delivered
      // Stopped: nothing more is stored through it.
      await expect(signups.signUp('after-close')).rejects.toBeInstanceOf(JourneysOutboxError);
    } finally {
      await app.close();
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  }, 60_000);

  it('with work: false the app only enqueues', async () => {
    const schema = freshSchema();
    const app = await createApp(appModule(schema, false));
    try {
      const { jobId } = await app.get(SignupService).signUp('web-only');
      // A real sleep on purpose: it shows NO worker picks the job up (three polls' time of a worker).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await jobStates(pool, schema, 'journeykit-invoke')).find((j) => j.id === jobId)?.state).toBe('created');
    } finally {
      await app.close();
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });

  it('lets a test replace the outbox with FakeJourneysOutbox', async () => {
    const fake = new FakeJourneysOutbox();
    const moduleRef = await Test.createTestingModule({ imports: [appModule(freshSchema(), {} as never)] })
      .overrideProvider(JourneysOutbox)
      .useValue(fake)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await app.get(SignupService).signUp('faked');
    await app.close();
    expect(fake.enqueued).toMatchObject([{ templateId: 'welcome', userId: 'faked' }]);
  });

  it('refuses options without an outbox, naming the fix', async () => {
    @Module({ imports: [JourneysOutboxModule.forRoot({} as never)] })
    class Broken {}
    await expect(NestFactory.create(Broken, { logger: false, abortOnError: false })).rejects.toThrow(/options\.outbox must be a JourneysOutbox/);
  });

  it('refuses an unknown option, naming the one meant (isGlobal, an extra, is not one)', async () => {
    const outbox = new FakeJourneysOutbox() as unknown as JourneysOutbox;
    @Module({ imports: [JourneysOutboxModule.forRoot({ outbox, isGlobal: true, worker: false } as never)] })
    class Misspelt {}
    await expect(NestFactory.create(Misspelt, { logger: false, abortOnError: false })).rejects.toThrow(
      /^JourneysOutboxModule: unknown option "worker" \(did you mean work\?\)/,
    );
  });
});
