import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { request } from '@journeykit/test-support/http';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('node dist/main.js', () => {
  it('says where it listens and that it uses the fake server, serves, and exits cleanly on SIGTERM', async () => {
    if (statSync(main, { throwIfNoEntry: false }) === undefined) throw new Error('run `pnpm --filter @journeykit/nest-sample build` first');
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1' };
    delete env.COURIER_API_KEY;
    delete env.COURIER_BASE_URL;
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(stdout);
          if (match && stdout.includes('Journeys go to')) resolve(match[1]!);
        });
        void exited.then((code) => reject(new Error(`exited early (${code}): ${stdout}${stderr}`)));
      });
      expect(stdout).toMatch(/Journeys go to the embedded fake Courier server at http:\/\/127\.0\.0\.1:\d+/);
      const answer = await request(`${url}/signup`, { method: 'POST', body: { email: 'ada@example.com' } });
      expect(answer).toMatchObject({ status: 201, body: { runId: expect.any(String) } });
    } finally {
      child.kill('SIGTERM');
    }
    // Exit code 0 without process.exit(): every server, socket and pool was closed.
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/SIGTERM: closing[\s\S]*closed/);
  });
});
