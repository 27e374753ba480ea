/**
 * The runtimes' entries (package.json `exports` conditions `workerd`, `deno`, `bun`, `edge-light`):
 * they resolve to dist/fetch, whose import graph reaches nothing but zod and `node:` built-ins
 * (never undici), and a client made from them sends with fetch unless told otherwise. Reads the
 * built dist: `pnpm build` runs before the tests (turbo's `test` depends on `build`).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RUNTIME_CONDITIONS = ['workerd', 'deno', 'bun', 'edge-light'];
const ENTRIES = ['', '/schemas', '/internal'];

/** Runs ES module code in a child Node started with `--conditions=<condition>`, from the package folder (self-reference). */
function withCondition(condition: string, code: string): string {
  return execFileSync(process.execPath, [`--conditions=${condition}`, '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
}

describe('the runtimes resolve the fetch build', () => {
  it.each(RUNTIME_CONDITIONS)('%s: every entry resolves to dist/fetch', (condition) => {
    const code = `console.log(JSON.stringify(${JSON.stringify(ENTRIES)}.map((e) => import.meta.resolve('@journeykit/core' + e))))`;
    const resolved = JSON.parse(withCondition(condition, code)) as string[];
    expect(resolved.map((url) => url.slice(url.indexOf('/dist/')))).toEqual([
      '/dist/fetch/index.js',
      '/dist/fetch/schemas.js',
      '/dist/fetch/internal.js',
    ]);
  });

  it('Node without a runtime condition resolves the undici build', () => {
    const code = `console.log(import.meta.resolve('@journeykit/core'))`;
    expect(withCondition('node', code).trim()).toMatch(/\/dist\/index\.js$/);
  });
});

describe('the fetch build never reaches undici', () => {
  const files = readdirSync(join(root, 'dist/fetch')).filter((name) => name.endsWith('.js'));

  it('imports only zod, node: built-ins and its own chunks', () => {
    expect(files.length).toBeGreaterThan(0);
    const specifiers = new Set<string>();
    for (const file of files) {
      const text = readFileSync(join(root, 'dist/fetch', file), 'utf8');
      for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)) specifiers.add(m[1] as string);
      // No way to load a module by a computed name either.
      expect(text).not.toMatch(/createRequire/);
    }
    const outside = [...specifiers].filter((s) => !s.startsWith('./'));
    // node:buffer only: of Node's modules, Next's edge runtime serves node:buffer, node:events,
    // node:async_hooks, node:assert and node:util (next/dist/server/web/sandbox/context.js), no node:crypto.
    expect(outside.sort()).toEqual(['node:buffer', 'zod']);
  });

  it.each(RUNTIME_CONDITIONS)('%s: a client sends with fetch by default and refuses undici', (condition) => {
    const code = `
      import { createServer } from 'node:http';
      import { JourneysClient } from '@journeykit/core';
      const seen = [];
      const server = createServer((req, res) => {
        seen.push(req.headers['idempotency-key']);
        res.writeHead(seen.length === 1 ? 503 : 200, { 'content-type': 'application/json' });
        res.end(seen.length === 1 ? '{}' : '{"runId":"run-1"}');
      }).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const baseUrl = 'http://127.0.0.1:' + server.address().port;
      const refused = [{ connections: 2 }, { transport: 'undici' }].map((o) => {
        try { new JourneysClient({ apiKey: 'k', baseUrl, ...o }); return 'accepted'; } catch (e) { return e.name; }
      });
      const client = new JourneysClient({ apiKey: 'k', baseUrl, retryDelayMs: 1 });
      const { runId } = await client.invoke('welcome', { user_id: 'u1' });
      await client.close();
      server.close();
      console.log(JSON.stringify({ refused, runId, attempts: seen.length, keys: new Set(seen).size }));
    `;
    expect(JSON.parse(withCondition(condition, code))).toEqual({
      refused: ['JourneysConfigurationError', 'JourneysConfigurationError'],
      runId: 'run-1',
      attempts: 2,
      keys: 1,
    });
  });
});
