import { JourneysClient } from '@journeykit/core';
import { startSampleMain } from '@journeykit/test-support/sample-main';
import { startFakeCourier } from '@journeykit/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { start } from '../src/app.js';

const saved = { key: process.env.COURIER_API_KEY, base: process.env.COURIER_BASE_URL };
afterEach(() => {
  vi.restoreAllMocks();
  for (const [name, value] of [
    ['COURIER_API_KEY', saved.key],
    ['COURIER_BASE_URL', saved.base],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const signup = (url: string, email: string) =>
  fetch(`${url}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, name: 'Ada' }) });

describe('start()', () => {
  it('with an API key, sends journeys to the configured Courier and starts no fake server', async () => {
    // A stand-in for api.courier.com, reached the way a real deployment is configured: env vars.
    const courier = await startFakeCourier({ apiKey: 'sk_real_key' });
    process.env.COURIER_API_KEY = 'sk_real_key';
    process.env.COURIER_BASE_URL = courier.url;
    const app = await start();
    try {
      expect(app.fakeCourier).toBeUndefined();
      expect((await signup(app.url, 'ada@example.com')).status).toBe(201);
      expect(courier.invocations.map((i) => i.templateId)).toStrictEqual(['welcome']);
    } finally {
      await app.close();
      await courier.close();
    }
  });

  it('close() stops the server, then closes the client the middleware created, once', async () => {
    delete process.env.COURIER_API_KEY;
    const close = vi.spyOn(JourneysClient.prototype, 'close');
    const app = await start();
    expect((await signup(app.url, 'grace@example.com')).status).toBe(201);
    await Promise.all([app.close(), app.close()]);
    expect(close).toHaveBeenCalledTimes(1);
    await expect(fetch(`${app.url}/health`)).rejects.toThrow();
  });
});

describe('dist/main.js', () => {
  it('says where it listens and that it uses the fake server, starts a journey, then closes cleanly on SIGTERM', async () => {
    const main = await startSampleMain(new URL('../dist/main.js', import.meta.url));
    expect(main.output()).toContain('fake Courier');
    expect((await signup(main.url, 'ada@example.com')).status).toBe(201);
    await expect.poll(() => main.output()).toMatch(/welcome journey \S+ started for ada@example\.com/);
    expect(await main.stop()).toBe(0);
    expect(main.output()).toContain('SIGTERM: closing');
  });
});
