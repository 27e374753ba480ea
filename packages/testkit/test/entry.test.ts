/**
 * What importing the package costs: the main entry never loads vitest (an optional peer), and
 * node:http only when a fake server starts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => new URL(`../dist/${file}`, import.meta.url);

describe('package entry points', () => {
  it.each(['index.js', 'index.cjs'])('%s does not reference vitest', (file) => {
    expect(readFileSync(dist(file), 'utf8')).not.toMatch(/from ["']vitest["']|require\(["']vitest["']\)/);
  });

  it('importing the main entry loads neither http nor vitest; starting a server loads http', () => {
    const script = `
      const kit = await import(${JSON.stringify(dist('index.js').href)});
      const fake = new kit.FakeJourneysClient();
      await fake.invoke('welcome', { user_id: 'u1' });
      const httpAfterImport = process.moduleLoadList.includes('NativeModule http');
      const server = await kit.startFakeCourier();
      const httpAfterStart = process.moduleLoadList.includes('NativeModule http');
      await server.close();
      console.log(JSON.stringify({ httpAfterImport, httpAfterStart }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ httpAfterImport: false, httpAfterStart: true });
  });

  it('the vitest subpath registers the matchers when imported', async () => {
    const { expect: vitestExpect } = await import('vitest');
    await import('../src/vitest.js');
    expect(typeof (vitestExpect({ invocations: [] }) as unknown as Record<string, unknown>).toHaveInvokedJourney).toBe('function');
  });
});
