import * as core from '@journeykit/core';
import { Controller, Get, Module, Param, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { journeysErrorBody as coreErrorBody } from '@journeykit/core/internal';
import { ADAPTER_ERROR_EXPORTS, ERROR_BODY_CASES, ERROR_BODY_SECRET } from '@journeykit/test-support/error-bodies';
import { request } from '@journeykit/test-support/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as adapter from '../src/index.js';
import { JourneysExceptionFilter, journeysErrorBody, type JourneysError } from '../src/index.js';
import { listen, platforms } from './support/platforms.js';

// GET /fail/:n throws row n of the table the Express error handler's tests run too
// (express/test/error-handler.test.ts): one body for every adapter, on both of Nest's platforms.
@Controller('fail')
class FailingController {
  @Get(':n')
  fail(@Param('n') n: string): never {
    throw (ERROR_BODY_CASES[Number(n)] as (typeof ERROR_BODY_CASES)[number]).error(core);
  }
}

@Module({ controllers: [FailingController], providers: [{ provide: APP_FILTER, useClass: JourneysExceptionFilter }] })
class FailingAppModule {}

describe.each(platforms)('JourneysExceptionFilter on the %s platform', (_platform, createAdapter) => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    ({ app, url } = await listen(FailingAppModule, createAdapter()));
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(ERROR_BODY_CASES.map((row, n) => ({ ...row, n })))(
    '$name: answers $body.statusCode with the one error body, without internal details',
    async ({ n, error, body }) => {
      const answer = await request(`${url}/fail/${n}`);
      expect(answer.status).toBe(body.statusCode);
      expect(answer.headers['content-type']).toMatch(/application\/json/);
      expect(answer.body).toStrictEqual(body);
      expect(answer.body).toStrictEqual(journeysErrorBody(error(core) as JourneysError));
      expect(answer.text).not.toContain(ERROR_BODY_SECRET);
      expect(answer.text).not.toMatch(/Courier answered/);
    },
  );
});

// The rule every adapter follows (express/test/error-handler.test.ts checks the same list).
describe("re-exports of core's errors", () => {
  it.each(ADAPTER_ERROR_EXPORTS)('%s is core’s own', (name) => {
    expect(adapter[name]).toBe(core[name]);
  });
  it('journeysErrorBody is core’s own', () => {
    expect(journeysErrorBody).toBe(coreErrorBody);
  });
});
