import { JourneysApiError, JourneysConfigurationError } from '@journeykit/core';
import type { Application, NextFunction, Request, RequestHandler, Response } from 'express';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterResponse, invokeAfterResponse, journeys, type JourneysMiddleware } from '../src/index.js';
import { EXPRESS_VERSIONS, type ExpressFactory } from './support/express-versions.js';
import { eventually, listen, request, type Listening } from '@journeykit/test-support/http';
import { RecordingInvoker } from './support/recording-invoker.js';

const running: Listening[] = [];
const unhandled: unknown[] = [];
/** The warnings the adapter emits; captured (and asserted) rather than printed among the test results. */
const warnings: Array<{ message: string; code: string | undefined }> = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(() => {
  unhandled.length = 0;
  warnings.length = 0;
  process.on('unhandledRejection', onUnhandled);
  vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error, options?: unknown) => {
    const code = typeof options === 'object' && options !== null ? (options as { code?: string }).code : undefined;
    warnings.push({ message: String(warning), code });
  });
});
afterEach(async () => {
  process.off('unhandledRejection', onUnhandled);
  vi.restoreAllMocks();
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/**
 * Lets any work scheduled after a response run, so "never invoked" is a real observation: a real
 * sleep on purpose, since it shows something does NOT happen (no condition marks "never").
 */
async function settle(middleware: JourneysMiddleware): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  await middleware.close();
}

type Respond = (req: Request, res: Response, next: NextFunction) => void;

/** The ways a handler can end: each case says whether it counts as success. */
const endings: Array<{ name: string; respond: Respond; status: number; invoked: boolean }> = [
  { name: '200 json', respond: (_req, res) => void res.json({ ok: true }), status: 200, invoked: true },
  { name: '201 created', respond: (_req, res) => void res.status(201).json({ id: 'o1' }), status: 201, invoked: true },
  { name: '204 no content', respond: (_req, res) => void res.status(204).end(), status: 204, invoked: true },
  { name: '302 redirect', respond: (_req, res) => res.redirect('/elsewhere'), status: 302, invoked: false },
  { name: '400 bad request', respond: (_req, res) => void res.status(400).json({ error: 'bad' }), status: 400, invoked: false },
  { name: '404 not found', respond: (_req, res) => void res.sendStatus(404), status: 404, invoked: false },
  { name: '500 from a thrown error', respond: (_req, _res, next) => next(new Error('boom')), status: 500, invoked: false },
];

async function serve(app: Application): Promise<string> {
  const listening = await listen(app);
  running.push(listening);
  return listening.url;
}

function appWith(express: ExpressFactory, invoker: RecordingInvoker, identify = true): { app: Application; middleware: JourneysMiddleware } {
  const app = express();
  const middleware = journeys({ client: invoker, identify: identify ? (req) => ({ user_id: req.get('x-user-id') ?? 'anon' }) : undefined });
  app.use(middleware);
  return { app, middleware };
}

describe.each(EXPRESS_VERSIONS)('%s: after-response journeys', (_name, express) => {
  describe.each([
    {
      form: 'invokeAfterResponse() before responding',
      mount: (respond: Respond): RequestHandler[] => [
        (req, res, next) => {
          invokeAfterResponse(req, 'order-placed', { data: { order_id: 'o1' } }, { idempotencyKey: 'order-o1-placed' });
          respond(req, res, next);
        },
      ],
    },
    {
      form: 'invokeAfterResponse() after responding',
      mount: (respond: Respond): RequestHandler[] => [
        (req, res, next) => {
          respond(req, res, next);
          setTimeout(() => invokeAfterResponse(req, 'order-placed', { data: { order_id: 'o1' } }, { idempotencyKey: 'order-o1-placed' }), 5);
        },
      ],
    },
    {
      form: 'afterResponse() route middleware',
      mount: (respond: Respond): RequestHandler[] => [
        afterResponse('order-placed', (_req, res) => ({ data: { order_id: res.locals.orderId as string } }), {
          idempotencyKey: (_req, res) => `order-${res.locals.orderId as string}-placed`,
        }),
        (req, res, next) => {
          res.locals.orderId = 'o1';
          respond(req, res, next);
        },
      ],
    },
  ])('$form', ({ mount }) => {
    it.each(endings)('$name: invoked only for a 2xx, and once', async ({ respond, status, invoked }) => {
      const invoker = new RecordingInvoker();
      const { app, middleware } = appWith(express, invoker);
      app.post('/orders', ...mount(respond));
      app.use((_err: unknown, _req: Request, res: Response, _next: NextFunction) => void res.status(500).json({ error: 'internal' }));
      const answer = await request(`${await serve(app)}/orders`, { method: 'POST', headers: { 'x-user-id': 'ada' } });
      expect(answer.status).toBe(status);
      await settle(middleware);
      expect(invoker.calls).toStrictEqual(
        invoked
          ? [{ templateId: 'order-placed', request: { user_id: 'ada', data: { order_id: 'o1' } }, options: { idempotencyKey: 'order-o1-placed' } }]
          : [],
      );
      expect(unhandled).toStrictEqual([]);
    });
  });

  it('never delays the response: it arrives while the journey is still in flight', async () => {
    const invoker = new RecordingInvoker().hold();
    const { app, middleware } = appWith(express, invoker);
    app.post('/signup', (req, res) => {
      invokeAfterResponse(req, 'welcome', {});
      res.status(201).json({ created: true });
    });
    const answer = await request(`${await serve(app)}/signup`, { method: 'POST' });
    expect(answer).toMatchObject({ status: 201, body: { created: true } });
    await eventually(() => expect(invoker.calls).toHaveLength(1));
    let closed = false;
    const closing = middleware.close().then(() => (closed = true));
    // A real sleep on purpose: it shows close() does NOT resolve while the journey is in flight.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false); // close() waits for the journey still in flight
    invoker.release();
    await closing;
    expect(closed).toBe(true);
  });

  it('starts nothing when the client went away before the response was sent', async () => {
    const invoker = new RecordingInvoker();
    const { app, middleware } = appWith(express, invoker);
    let responded!: () => void;
    const handled = new Promise<void>((resolve) => (responded = resolve));
    let arrived!: () => void;
    const inHandler = new Promise<void>((resolve) => (arrived = resolve));
    app.post('/slow', (req, res) => {
      invokeAfterResponse(req, 'welcome', {});
      arrived();
      // The handler answers once the server has seen the client leave: a fixed delay could answer first on a
      // busy machine, into a socket whose close was not read yet, and that response counts as sent.
      res.once('close', () => {
        res.json({ ok: true });
        responded();
      });
    });
    const gone = new AbortController();
    const answer = fetch(`${await serve(app)}/slow`, { method: 'POST', signal: gone.signal }).catch((err: Error) => err.name);
    // The client leaves once the handler has the request (a fixed delay could abort before it arrives on a busy machine).
    await inHandler;
    gone.abort();
    expect(await answer).toBe('AbortError');
    await handled;
    await settle(middleware);
    expect(invoker.calls).toHaveLength(0);
  });

  it('reports a failed journey to onError; the response is untouched and nothing is unhandled', async () => {
    const failure = new JourneysApiError('Courier answered 500', 500, { message: 'internal' });
    const invoker = new RecordingInvoker().failWith(failure);
    const { app, middleware } = appWith(express, invoker);
    const reported: Array<{ error: unknown; path: string }> = [];
    app.post('/signup', (req, res) => {
      invokeAfterResponse(req, 'welcome', {}, { onError: (error, r) => reported.push({ error, path: r.path }) });
      res.status(201).json({ created: true });
    });
    const answer = await request(`${await serve(app)}/signup`, { method: 'POST' });
    expect(answer).toMatchObject({ status: 201, body: { created: true } });
    await settle(middleware);
    expect(reported).toStrictEqual([{ error: failure, path: '/signup' }]);
    expect(unhandled).toStrictEqual([]);
  });

  it('falls back to the middleware onAfterResponseError, then to a process warning', async () => {
    const app = express();
    const appWide: unknown[] = [];
    const withDefault = journeys({ client: new RecordingInvoker(), onAfterResponseError: (error) => appWide.push(error) });
    const bare = journeys({ client: new RecordingInvoker() });
    // An invalid request fails validation after the response: a failure like any other.
    app.post('/with-default', withDefault, (req, res) => {
      invokeAfterResponse(req, '', {});
      res.json({ ok: true });
    });
    app.post('/bare', bare, (req, res) => {
      invokeAfterResponse(req, '', {});
      res.json({ ok: true });
    });
    const url = await serve(app);
    expect((await request(`${url}/with-default`, { method: 'POST' })).status).toBe(200);
    expect((await request(`${url}/bare`, { method: 'POST' })).status).toBe(200);
    await Promise.all([settle(withDefault), settle(bare)]);
    expect(appWide).toHaveLength(1);
    expect(appWide[0]).toMatchObject({ code: 'ERR_JOURNEYS_VALIDATION' });
    await eventually(() => expect(warnings.map((w) => w.code)).toContain('JOURNEYKIT_AFTER_RESPONSE_ERROR'));
    expect(unhandled).toStrictEqual([]);
  });

  it('turns a throwing build or callback into a report, never a crash', async () => {
    const invoker = new RecordingInvoker();
    const { app, middleware } = appWith(express, invoker);
    const reported: unknown[] = [];
    app.post(
      '/build-throws',
      afterResponse(
        'welcome',
        () => {
          throw new Error('no user in res.locals');
        },
        { onError: (error) => reported.push(error) },
      ),
      (_req, res) => void res.json({ ok: true }),
    );
    app.post(
      '/callback-throws',
      afterResponse('welcome', () => ({}), {
        onInvoked: () => {
          throw new Error('logger broke');
        },
      }),
      (_req, res) => void res.json({ ok: true }),
    );
    const url = await serve(app);
    expect((await request(`${url}/build-throws`, { method: 'POST' })).status).toBe(200);
    expect((await request(`${url}/callback-throws`, { method: 'POST' })).status).toBe(200);
    await settle(middleware);
    expect(reported).toMatchObject([{ message: 'no user in res.locals' }]);
    expect(invoker.calls).toHaveLength(1);
    await eventually(() => expect(warnings.some((w) => w.message.includes('callback threw and was ignored: Error: logger broke'))).toBe(true));
    expect(unhandled).toStrictEqual([]);
  });

  it('reports the runId to onInvoked, and starts nothing when build returns undefined', async () => {
    const invoker = new RecordingInvoker();
    const { app, middleware } = appWith(express, invoker);
    const runIds: string[] = [];
    app.post(
      '/newsletter',
      afterResponse('newsletter-welcome', async (req) => (req.query.optIn === 'yes' ? { data: { list: 'weekly' } } : undefined), {
        onInvoked: (response) => runIds.push(response.runId),
      }),
      (_req, res) => void res.json({ ok: true }),
    );
    const url = await serve(app);
    await request(`${url}/newsletter?optIn=no`, { method: 'POST' });
    await request(`${url}/newsletter?optIn=yes`, { method: 'POST' });
    await settle(middleware);
    expect(invoker.calls.map((c) => c.request)).toStrictEqual([{ user_id: 'anon', data: { list: 'weekly' } }]);
    expect(runIds).toStrictEqual(['run-1']);
  });

  it('fails fast when the journeys() middleware is missing', async () => {
    const app = express();
    const errors: unknown[] = [];
    app.post('/direct', (req, res) => {
      try {
        invokeAfterResponse(req, 'welcome', {});
      } catch (err) {
        errors.push(err);
      }
      res.json({});
    });
    app.post(
      '/route',
      afterResponse('welcome', () => ({})),
      (_req, res) => void res.json({}),
    );
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      errors.push(err);
      res.status(500).end();
    });
    const url = await serve(app);
    expect((await request(`${url}/direct`, { method: 'POST' })).status).toBe(200);
    expect((await request(`${url}/route`, { method: 'POST' })).status).toBe(500);
    expect(errors).toHaveLength(2);
    for (const err of errors) {
      expect(err).toBeInstanceOf(JourneysConfigurationError);
      expect((err as Error).message).toContain('journeys() middleware');
    }
  });
});
