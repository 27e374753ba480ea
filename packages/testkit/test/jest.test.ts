/**
 * Real Jest 30 over the built package, in both of its modes: CommonJS (Jest's default, where
 * import() throws "A dynamic import callback was invoked without --experimental-vm-modules") and
 * ESM (node --experimental-vm-modules, what Nest 12 projects need). The fixtures are in test/jest.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// jest's exports hide bin/jest.js: find it next to its package.json.
const JEST = createRequire(import.meta.url)
  .resolve('jest/package.json')
  .replace(/package\.json$/, 'bin/jest.js');
const CONFIG = fileURLToPath(new URL('./jest/jest.config.cjs', import.meta.url));

function runJest(pattern: string, nodeOptions: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(nodeOptions ? [nodeOptions] : []), JEST, '--config', CONFIG, '--testPathPatterns', pattern, '--ci'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('under real Jest', () => {
  it.each([
    { mode: 'CommonJS (Jest default)', pattern: 'test\\.cjs$', nodeOptions: '', tests: 3 },
    { mode: 'ESM (--experimental-vm-modules)', pattern: 'test\\.mjs$', nodeOptions: '--experimental-vm-modules', tests: 4 },
  ])('runs startFakeCourier() and the matchers of @journeykit/testkit/jest in $mode', async ({ pattern, nodeOptions, tests }) => {
    const { code, output } = await runJest(pattern, nodeOptions);
    expect(output).not.toMatch(/dynamic import callback|Cannot find module/);
    expect(output).toMatch(new RegExp(`Tests: +${tests} passed, ${tests} total`));
    expect(code).toBe(0);
  });
});
