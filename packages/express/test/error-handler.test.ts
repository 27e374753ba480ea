import {
  JourneysAbortError,
  JourneysApiError,
  JourneysClosedError,
  JourneysConfigurationError,
  JourneysConnectionError,
  JourneysTimeoutError,
  JourneysValidationError,
  type JourneysError,
} from '@journeykit/core';
import type { NextFunction, Request, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { journeysErrorHandler } from '../src/index.js';
import { EXPRESS_VERSIONS } from './support/express-versions.js';
import { listen, request, type Listening } from './support/http.js';

const SECRET = 'sk_live_must_never_leak';
const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

// Every error carries internals (Courier's message, the key echoed back, a cause) that must stay on the server.
const cases: Array<{ name: string; error: () => Error; status: number; code: string }> = [
  {
    name: 'validation error',
    error: () => new JourneysValidationError([{ path: ['profile', 'email'], message: 'must not be empty' }], 'welcome'),
    status: 400,
    code: 'ERR_JOURNEYS_VALIDATION',
  },
  {
    name: 'Courier answered an error',
    error: () => new JourneysApiError(`Courier answered 404: no template (Bearer ${SECRET})`, 404, { message: SECRET }, 'req-1'),
    status: 502,
    code: 'ERR_JOURNEYS_API',
  },
  { name: 'timeout', error: () => new JourneysTimeoutError(30_000, { cause: new Error(SECRET) }), status: 503, code: 'ERR_JOURNEYS_TIMEOUT' },
  {
    name: 'connection failure',
    error: () => new JourneysConnectionError(`Connection to https://internal-proxy:8443 failed ${SECRET}`),
    status: 503,
    code: 'ERR_JOURNEYS_CONNECTION',
  },
  { name: 'abort', error: () => new JourneysAbortError(), status: 503, code: 'ERR_JOURNEYS_ABORT' },
  { name: 'client closed', error: () => new JourneysClosedError(), status: 503, code: 'ERR_JOURNEYS_CLOSED' },
  { name: 'configuration error', error: () => new JourneysConfigurationError(`bad key ${SECRET}`), status: 500, code: 'ERR_JOURNEYS_CONFIG' },
];

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

  it.each(cases)('$name -> $status with a terse JSON body', async ({ error, status, code }) => {
    const seen: Array<{ code: string; path: string }> = [];
    const url = await serveThrowing(error, (e, req) => seen.push({ code: e.code, path: req.path }));
    const answer = await request(url);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: { code, message: expect.any(String) } });
    expect(answer.text).not.toContain(SECRET);
    expect(answer.text).not.toMatch(/Courier answered|internal-proxy|at .*\.ts/);
    expect(seen).toStrictEqual([{ code, path: '/' }]);
  });

  it('lists every validation issue with its path', async () => {
    const url = await serveThrowing(
      () =>
        new JourneysValidationError([
          { path: ['templateId'], message: 'must not be empty' },
          { path: ['data', 'items', 2], message: 'a function cannot be sent as JSON; remove it' },
        ]),
    );
    expect((await request(url)).body).toStrictEqual({
      error: {
        code: 'ERR_JOURNEYS_VALIDATION',
        message: 'The request cannot start this journey: it is invalid',
        issues: [
          { path: ['templateId'], message: 'must not be empty' },
          { path: ['data', 'items', 2], message: 'a function cannot be sent as JSON; remove it' },
        ],
      },
    });
  });

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
    expect(answer).toMatchObject({ status: 502, body: { error: { code: 'ERR_JOURNEYS_API' } } });
  });
});
