import { startFakeCourier } from '@journeykit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type StartedApp } from '../src/app.js';
import { request } from '@journeykit/test-support/http';

describe('nest-sample with COURIER_API_KEY set', () => {
  // Stands in for api.courier.com: the app is pointed at it through COURIER_BASE_URL.
  let courier: Awaited<ReturnType<typeof startFakeCourier>>;
  let app: StartedApp;

  beforeAll(async () => {
    courier = await startFakeCourier({ apiKey: 'sk_test_from_env' });
    app = await start({ env: { COURIER_API_KEY: 'sk_test_from_env', COURIER_BASE_URL: courier.url }, logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await courier?.close();
  });

  it('starts no embedded server and sends journeys where the environment says, with its key', async () => {
    expect(app.fakeCourier).toBeUndefined();
    expect(app.journeysTarget).toBe('courier');
    expect((await request(`${app.url}/`)).body).toMatchObject({ journeys: 'courier' });

    const answer = await request(`${app.url}/signup`, { method: 'POST', body: { email: 'linus@example.com' } });
    expect(answer.status).toBe(201);
    // The server answers 401 to any other bearer token.
    expect(courier.requests.at(-1)).toMatchObject({ templateId: 'welcome', outcome: 'created', status: 200 });
    expect(courier.invocations.at(-1)).toMatchObject({ templateId: 'welcome', runId: (answer.body as { runId: string }).runId });
  });

  it('refuses to start on a bad environment, naming the variable but not the key', async () => {
    await expect(start({ env: { COURIER_API_KEY: 'sk_secret_value', COURIER_BASE_URL: 'not a url' }, logger: false })).rejects.toThrow(
      /COURIER_BASE_URL/,
    );
    await expect(start({ env: { COURIER_API_KEY: 'sk_secret_value', COURIER_BASE_URL: 'not a url' }, logger: false })).rejects.not.toThrow(
      /sk_secret_value/,
    );
  });

  it('refuses plain http to a remote Courier at bootstrap', async () => {
    await expect(
      start({ env: { COURIER_API_KEY: 'sk_secret_value', COURIER_BASE_URL: 'http://api.courier.com' }, logger: false }),
    ).rejects.toMatchObject({ code: 'ERR_JOURNEYS_CONFIG' });
  });
});
