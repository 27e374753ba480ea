import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startFakeCourier } from '@journeykit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { start } from '../src/app.js';

const saved = { key: process.env.COURIER_API_KEY, base: process.env.COURIER_BASE_URL };
afterEach(() => {
  for (const [name, value] of [
    ['COURIER_API_KEY', saved.key],
    ['COURIER_BASE_URL', saved.base],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('start()', () => {
  it('with an API key, sends journeys to the configured Courier and starts no fake server', async () => {
    // A stand-in for api.courier.com, reached the way a real deployment is configured: env vars.
    const courier = await startFakeCourier({ apiKey: 'sk_real_key' });
    process.env.COURIER_API_KEY = 'sk_real_key';
    process.env.COURIER_BASE_URL = courier.url;
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
    delete process.env.COURIER_API_KEY;
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
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
    delete env.COURIER_API_KEY;
    const child = spawn(process.execPath, [fileURLToPath(new URL('../dist/main.js', import.meta.url))], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output, { timeout: 15_000 }).toContain('fake Courier');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(url).toBeDefined();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output).toContain('SIGTERM: closing');
  });
});
