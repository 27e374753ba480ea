/**
 * A new project outside the repository, as a user makes one: the packed tarballs of the published
 * packages (`pnpm pack`) and the frameworks and test runners the READMEs use, installed by npm.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './project.js';

/** What the READMEs' blocks import besides journeykit, at the versions this repository tests. */
const THIRD_PARTY = {
  '@electric-sql/pglite': '0.5.17',
  '@hono/node-server': '2.1.11',
  '@jest/globals': '30.5.2',
  '@nestjs/common': '12.5.1',
  '@nestjs/config': '12.0.1',
  '@nestjs/core': '12.5.1',
  '@nestjs/platform-express': '12.5.1',
  '@nestjs/testing': '12.1.1',
  '@opentelemetry/api': '1.9.1',
  '@opentelemetry/exporter-metrics-otlp-http': '0.223.0',
  '@opentelemetry/exporter-trace-otlp-http': '0.223.0',
  '@opentelemetry/instrumentation-http': '0.223.0',
  '@opentelemetry/instrumentation-undici': '0.33.0',
  '@opentelemetry/sdk-node': '0.223.0',
  '@types/express': '5.0.6',
  '@types/node': '^20.19.0',
  '@types/pg': '8.23.1',
  express: '5.3.0',
  fastify: '5.12.8',
  hono: '4.13.23',
  jest: '30.5.2',
  pg: '8.23.1',
  'pg-boss': '12.38.0',
  'reflect-metadata': '0.2.2',
  rxjs: '7.8.2',
  'ts-jest': '29.4.15',
  typescript: '6.0.3',
  vite: '8.3.8',
  vitest: '4.1.12',
  zod: '4.6.7',
};

function publishedPackages(): string[] {
  return readdirSync(join(ROOT, 'packages')).filter((dir) => {
    try {
      return !(JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as { private?: boolean }).private;
    } catch {
      return false;
    }
  });
}

/** Packs the packages, makes the project and installs it; returns its folder. */
export function prepareConsumer(dir = mkdtempSync(join(tmpdir(), 'journeykit-consumer-'))): string {
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  const deps: Record<string, string> = {};
  for (const pkg of publishedPackages()) {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(ROOT, 'packages', pkg), encoding: 'utf8' });
    const file = out.trim().split('\n').pop()?.trim() ?? '';
    const name = (JSON.parse(readFileSync(join(ROOT, 'packages', pkg, 'package.json'), 'utf8')) as { name: string }).name;
    deps[name] = `file:${file.startsWith('/') ? file : join(tarballs, file)}`;
  }
  const overrides = Object.fromEntries(Object.keys(deps).map((name) => [name, `$${name}`]));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'journeykit-consumer', private: true, dependencies: { ...deps, ...THIRD_PARTY }, overrides }, null, 2),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  return dir;
}
