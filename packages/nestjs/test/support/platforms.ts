import type { INestApplication } from '@nestjs/common';
import { NestFactory, type AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/** The HTTP platforms the module must work on, as a test table. */
export const platforms: ReadonlyArray<readonly ['express' | 'fastify', () => AbstractHttpAdapter]> = [
  ['express', () => new ExpressAdapter()],
  ['fastify', () => new FastifyAdapter()],
];

/** Boots `module` on a platform, listening on 127.0.0.1 and a free port. */
export async function listen(
  module: Parameters<typeof NestFactory.create>[0],
  adapter: AbstractHttpAdapter,
): Promise<{ app: INestApplication; url: string }> {
  const app = await NestFactory.create(module, adapter, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}` };
}
