import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startFakeCourier } from '@journeykit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const API_KEY = 'sk_test_nest_dist';
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The dist must be at least as new as every source file, or this test would prove nothing. */
async function assertFreshDist(): Promise<void> {
  const built = ['index.js', 'index.cjs'].map((file) => statSync(here(`../dist/${file}`), { throwIfNoEntry: false })?.mtimeMs ?? 0);
  const sources = await readdir(here('../src'));
  const newest = Math.max(...sources.map((file) => statSync(here(`../src/${file}`)).mtimeMs));
  if (Math.min(...built) < newest) {
    throw new Error('packages/nestjs/dist is missing or older than src/: run `pnpm --filter @journeykit/nestjs build` first');
  }
}

describe('the built package (dist), booted by plain node', () => {
  let courier: Awaited<ReturnType<typeof startFakeCourier>>;

  beforeAll(async () => {
    await assertFreshDist();
    courier = await startFakeCourier({ apiKey: API_KEY });
  });
  afterAll(async () => {
    await courier?.close();
  });

  it.each([
    ['cjs', 'boot-from-dist.cjs'],
    ['esm', 'boot-from-dist.mjs'],
  ])('%s build: keeps decorator metadata and serves Express and Fastify apps', async (format, fixture) => {
    const { stdout, stderr } = await run(process.execPath, [here(`fixtures/${fixture}`)], {
      env: { ...process.env, TEST_COURIER_KEY: API_KEY, TEST_COURIER_URL: courier.url },
      timeout: 15_000,
    });
    const results = JSON.parse(stdout.trim()) as Record<string, unknown>;
    for (const platform of ['express', 'fastify']) {
      expect(results[platform]).toMatchObject({
        ok: { status: 201, body: { runId: expect.any(String) } },
        bad: { status: 400, body: { code: 'ERR_JOURNEYS_VALIDATION', issues: [expect.anything()] } },
      });
      expect(courier.invocations.some((i) => i.request.profile?.email === `${format}-${platform}@example.com`)).toBe(true);
    }
    // Without emitted metadata Nest injects undefined into the filter and the 400s above are 500s.
    expect(results.filterParamtypes).toEqual(['HttpAdapterHost']);
    // require(esm) of Nest 12 loads without an ExperimentalWarning on Node 20.19+.
    expect(stderr).not.toMatch(/Error|Warning/);
  });
});
