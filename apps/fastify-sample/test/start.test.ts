import { startSampleMain } from '@journeykit/test-support/sample-main';
import { startFakeCourier } from '@journeykit/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { start } from '../src/app.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('start()', () => {
  it('with an API key, sends journeys to the configured Courier and starts no fake server', async () => {
    // A stand-in for api.courier.com, reached the way a real deployment is configured: env vars.
    const courier = await startFakeCourier({ apiKey: 'sk_real_key' });
    vi.stubEnv('COURIER_API_KEY', 'sk_real_key');
    vi.stubEnv('COURIER_BASE_URL', courier.url);
    const app = await start();
    try {
      expect(app.fakeCourier).toBeUndefined();
      const answer = await fetch(`${app.url}/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ada@example.com' }),
      });
      expect(answer.status).toBe(201);
      await expect.poll(() => courier.invocations.map((i) => i.templateId)).toStrictEqual(['welcome']);
    } finally {
      await app.close();
      await courier.close();
    }
  });

  it('lets journeys in flight finish on close()', async () => {
    vi.stubEnv('COURIER_API_KEY', undefined);
    const app = await start();
    app.fakeCourier!.inject({ kind: 'delay', durationMs: 100 });
    const answer = await fetch(`${app.url}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'grace@example.com' }),
    });
    expect(answer.status).toBe(201);
    const fake = app.fakeCourier!;
    await app.close();
    expect(fake.invocations.map((i) => i.templateId)).toStrictEqual(['welcome']);
  });
});

describe('dist/main.js', () => {
  it('says where it listens and that it uses the fake server, then closes cleanly on SIGTERM', async () => {
    const main = await startSampleMain(new URL('../dist/main.js', import.meta.url));
    await expect.poll(() => main.output()).toContain('fake Courier');
    expect((await fetch(`${main.url}/health`)).status).toBe(200);
    expect(await main.stop()).toBe(0);
    expect(main.output()).toContain('SIGTERM: closing');
  });
});
