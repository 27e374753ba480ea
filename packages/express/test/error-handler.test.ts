import { JourneysApiError, JourneysTimeoutError, JourneysValidationError, type JourneysError } from '@journeykit/core';
import { journeysHttpAnswer } from '@journeykit/core/internal';
import type { NextFunction, Request, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { journeysErrorHandler } from '../src/index.js';
import { EXPRESS_VERSIONS } from './support/express-versions.js';
import { listen, request, type Listening } from '@journeykit/test-support/http';

const SECRET = 'sk_live_must_never_leak';
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

  // Which status and message each error gets is core's table (journeysHttpAnswer's own test): this proves the handler answers with it.
  it("answers with core's journeysHttpAnswer as { error }, and keeps the internals on the server", async () => {
    const error = new JourneysApiError(`Courier answered 404: no template (Bearer ${SECRET})`, 404, { message: SECRET }, 'req-1');
    const seen: Array<{ code: string; path: string }> = [];
    const url = await serveThrowing(
      () => error,
      (e, req) => seen.push({ code: e.code, path: req.path }),
    );
    const answer = await request(url);
    const { status, ...expected } = journeysHttpAnswer(error);
    expect(answer.status).toBe(status);
    expect(answer.body).toStrictEqual({ error: expected });
    expect(answer.text).not.toContain(SECRET);
    expect(answer.text).not.toMatch(/Courier answered|at .*\.ts/);
    expect(seen).toStrictEqual([{ code: 'ERR_JOURNEYS_API', path: '/' }]);
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
