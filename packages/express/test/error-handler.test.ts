import * as core from '@journeykit/core';
import { JourneysTimeoutError, type JourneysError } from '@journeykit/core';
import { journeysErrorBody as coreErrorBody } from '@journeykit/core/internal';
import { ADAPTER_ERROR_EXPORTS, ERROR_BODY_CASES, ERROR_BODY_SECRET } from '@journeykit/test-support/error-bodies';
import type { NextFunction, Request, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import * as adapter from '../src/index.js';
import { journeysErrorBody, journeysErrorHandler } from '../src/index.js';
import { EXPRESS_VERSIONS } from './support/express-versions.js';
import { listen, request, type Listening } from '@journeykit/test-support/http';

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe.each(EXPRESS_VERSIONS)('%s: journeysErrorHandler()', (_name, express) => {
  const passedOn: unknown[] = [];
  afterEach(() => void (passedOn.length = 0));

  async function serveThrowing(error: () => unknown, onError?: (e: JourneysError, req: Request) => void): Promise<string> {
    const app = express();
    app.get('/', (_req, _res, next) => next(error()));
    app.get('/after-headers', (_req, res, next) => {
      res.status(200).write('partial');
      next(error());
    });
    app.use(journeysErrorHandler({ onError }));
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      passedOn.push(err);
      if (res.headersSent) res.end();
      else res.status(599).json({ passedOn: true });
    });
    const listening = await listen(app);
    running.push(listening);
    return listening.url;
  }

  // The same table runs through Nest's exception filter (nestjs/test/journeys-error-body.test.ts): one body for every adapter.
  it.each(ERROR_BODY_CASES)(
    '$name: answers $body.statusCode with the one error body, keeping the internals on the server',
    async ({ error, body }) => {
      const thrown = error(core);
      const seen: Array<{ code: string; path: string }> = [];
      const url = await serveThrowing(
        () => thrown,
        (e, req) => seen.push({ code: e.code, path: req.path }),
      );
      const answer = await request(url);
      expect(answer.status).toBe(body.statusCode);
      expect(answer.body).toStrictEqual(body);
      expect(answer.body).toStrictEqual(journeysErrorBody(thrown as JourneysError));
      expect(answer.text).not.toContain(ERROR_BODY_SECRET);
      expect(answer.text).not.toMatch(/Courier answered|at .*\.ts/);
      expect(seen).toStrictEqual([{ code: body.code, path: '/' }]);
    },
  );

  it.each([
    { name: 'an error that is not from journeykit', error: () => new Error('db down') },
    { name: 'a thrown string', error: () => 'plain string' },
  ])('passes $name to the next error handler', async ({ error }) => {
    const thrown = error();
    const answer = await request(await serveThrowing(() => thrown));
    expect(answer).toMatchObject({ status: 599, body: { passedOn: true } });
    expect(passedOn).toStrictEqual([thrown]);
  });

  it('passes the error on when the headers are already sent', async () => {
    const url = await serveThrowing(() => new JourneysTimeoutError(1000));
    const answer = await request(`${url}/after-headers`);
    expect(answer).toMatchObject({ status: 200, text: 'partial' });
    expect(passedOn).toHaveLength(1);
    expect(passedOn[0]).toBeInstanceOf(JourneysTimeoutError);
  });

  it('recognises a journeykit error from another copy of the package by its code', async () => {
    const foreign = Object.assign(new Error('Courier answered 500'), { code: 'ERR_JOURNEYS_API' });
    const answer = await request(await serveThrowing(() => foreign));
    expect(answer).toMatchObject({ status: 502, body: { statusCode: 502, code: 'ERR_JOURNEYS_API' } });
  });
});

describe('journeysErrorHandler() options', () => {
  it.each([
    [{ onerror: () => {} }, 'did you mean onError?'],
    [{ onError: 'log' }, 'onError must be a function'],
    ['verbose', 'options must be an object'],
  ])('refuses %j with a configuration error that says %s', (options, message) => {
    const call = () => journeysErrorHandler(options as never);
    expect(call).toThrow(core.JourneysConfigurationError);
    expect(call).toThrow(message);
  });
});

// The rule every adapter follows (nestjs/test/journeys-error-body.test.ts checks the same list).
describe("re-exports of core's errors", () => {
  it.each(ADAPTER_ERROR_EXPORTS)('%s is core’s own', (name) => {
    expect(adapter[name]).toBe(core[name]);
  });
  it('journeysErrorBody is core’s own', () => {
    expect(journeysErrorBody).toBe(coreErrorBody);
  });
});
