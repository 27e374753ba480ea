import { eventually } from '@journeykit/test-support/http';
import { JourneysClient, JourneysClosedError } from '@journeykit/core';
import { startFakeCourier } from '@journeykit/testkit';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysModule, JourneysService } from '../src/index.js';
import { ioHandles, quietHandles, settledHandles } from './support/handles.js';

const API_KEY = 'sk_test_nest_shutdown';

describe('application shutdown', () => {
  let courier: Awaited<ReturnType<typeof startFakeCourier>>;

  beforeAll(async () => {
    courier = await startFakeCourier({ apiKey: API_KEY });
  });
  afterAll(async () => {
    await courier.close();
  });

  async function bootContext(options: Parameters<typeof JourneysModule.forRoot>[0]) {
    const app = await NestFactory.createApplicationContext(JourneysModule.forRoot(options), { logger: false });
    return { app, journeys: app.get(JourneysService) };
  }

  it('closes the pool it created: no open handles after app.close(), and later calls are refused', async () => {
    const baseline = await quietHandles();
    const { app, journeys } = await bootContext({ apiKey: API_KEY, baseUrl: courier.url });
    await journeys.invoke('welcome', { user_id: 'u-shutdown' });
    expect(ioHandles().length).toBeGreaterThan(baseline.length); // the keep-alive socket to Courier

    await app.close();
    expect(await settledHandles(baseline)).toEqual(baseline);
    await expect(journeys.invoke('welcome', { user_id: 'u-late' })).rejects.toBeInstanceOf(JourneysClosedError);
  });

  it('lets the calls in flight finish before closing the pool', async () => {
    const baseline = await quietHandles();
    const { app, journeys } = await bootContext({ apiKey: API_KEY, baseUrl: courier.url });
    const delay = courier.inject({ kind: 'delay', durationMs: 300 });
    const events: string[] = [];
    const inFlight = journeys.invoke('welcome', { user_id: 'u-in-flight' }).then((answer) => {
      events.push('invoke settled');
      return answer;
    });
    await eventually(() => expect(delay.remaining).toBe(0)); // the request has reached the server
    await app.close();
    events.push('app closed');

    const { runId } = await inFlight;
    expect(events).toEqual(['invoke settled', 'app closed']);
    expect(courier.invocations.at(-1)).toMatchObject({ userId: 'u-in-flight', runId });
    expect(await settledHandles(baseline)).toEqual(baseline);
  });

  it('does not close a client it was given', async () => {
    const client = new JourneysClient({ apiKey: API_KEY, baseUrl: courier.url });
    try {
      const { app, journeys } = await bootContext({ client });
      await journeys.invoke('welcome', { user_id: 'u-given-1' });
      await app.close();
      await expect(client.invoke('welcome', { user_id: 'u-given-2' })).resolves.toMatchObject({ runId: expect.any(String) });
    } finally {
      await client.close();
    }
  });
});
