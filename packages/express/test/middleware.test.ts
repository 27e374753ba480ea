import { inspect } from 'node:util';
import {
  JourneysAbortError,
  JourneysClient,
  JourneysConfigurationError,
  JourneysTimeoutError,
  JourneysValidationError,
  type InvokeRequest,
} from '@journeykit/core';
import type { Application, NextFunction, Request, RequestHandler, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { getJourneys, journeys, journeysErrorHandler, type Identify } from '../src/index.js';
import { EXPRESS_VERSIONS } from './support/express-versions.js';
import { route } from './support/route.js';
import { listen, request, type Listening } from '@journeykit/test-support/http';
import { RecordingInvoker } from './support/recording-invoker.js';

/** A header-based stand-in for real auth, mounted after journeys() on purpose. */
const headerAuth: RequestHandler = (req, _res, next) => {
  const id = req.get('x-user-id');
  (req as Request & { user?: { id: string; email: string } }).user = id ? { id, email: `${id}@example.com` } : undefined;
  next();
};

const identifyUser: Identify = (req) => {
  const user = (req as Request & { user?: { id: string; email: string } }).user;
  return user ? { user_id: user.id, profile: { email: user.email } } : undefined;
};

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function serve(app: Application): Promise<string> {
  const listening = await listen(app);
  running.push(listening);
  return listening.url;
}

describe.each(EXPRESS_VERSIONS)('%s: journeys() and req.journeys', (_name, express) => {
  describe('identify fills what the call leaves out, over HTTP', () => {
    const cases: Array<{ name: string; headers: Record<string, string>; call: InvokeRequest; sent: InvokeRequest }> = [
      {
        name: 'signed-in user, call with data only',
        headers: { 'x-user-id': 'ada' },
        call: { data: { plan: 'pro' } },
        sent: { user_id: 'ada', profile: { email: 'ada@example.com' }, data: { plan: 'pro' } },
      },
      {
        name: 'signed-in user invites someone by email: the call names its own recipient and is sent alone',
        headers: { 'x-user-id': 'ada' },
        call: { profile: { email: 'work@example.com', name: 'Ada' } },
        sent: { profile: { email: 'work@example.com', name: 'Ada' } },
      },
      {
        name: 'signed-in user, call names the same user and adds a profile field',
        headers: { 'x-user-id': 'ada' },
        call: { user_id: 'ada', profile: { name: 'Ada' } },
        sent: { user_id: 'ada', profile: { email: 'ada@example.com', name: 'Ada' } },
      },
      {
        name: 'signed-in admin, call names another user',
        headers: { 'x-user-id': 'admin' },
        call: { user_id: 'bob' },
        sent: { user_id: 'bob' },
      },
      {
        name: 'anonymous request, call names the recipient',
        headers: {},
        call: { profile: { email: 'new@example.com' } },
        sent: { profile: { email: 'new@example.com' } },
      },
    ];

    it.each(cases.map((c, i) => ({ ...c, i })))('$name', async ({ i, headers, sent }) => {
      const invoker = new RecordingInvoker();
      const app = express();
      app.use(journeys({ client: invoker, identify: identifyUser }));
      app.use(headerAuth);
      app.post(
        '/case/:i',
        route(async (req, res) => res.json(await req.journeys.invoke('welcome', cases[Number(req.params.i)]!.call))),
      );
      const answer = await request(`${await serve(app)}/case/${i}`, { method: 'POST', headers });
      expect(answer).toMatchObject({ status: 200, body: { runId: 'run-1' } });
      expect(invoker.calls).toStrictEqual([{ templateId: 'welcome', request: sent, options: undefined }]);
    });

    it('awaits an async identify and passes the call options through untouched', async () => {
      const invoker = new RecordingInvoker();
      const app = express();
      app.use(journeys({ client: invoker, identify: async (req) => ({ user_id: `user-${req.get('x-user-id')}` }) }));
      app.post(
        '/orders/:id',
        route(async (req, res) => {
          res.json(
            await req.journeys.invoke('order-placed', { data: { order_id: req.params.id } }, { idempotencyKey: `order-${req.params.id}-placed` }),
          );
        }),
      );
      const answer = await request(`${await serve(app)}/orders/o1`, { method: 'POST', headers: { 'x-user-id': '7' } });
      expect(answer.status).toBe(200);
      expect(invoker.calls).toStrictEqual([
        { templateId: 'order-placed', request: { user_id: 'user-7', data: { order_id: 'o1' } }, options: { idempotencyKey: 'order-o1-placed' } },
      ]);
    });

    it('sends an anonymous call as it is when there is no identify at all', async () => {
      const invoker = new RecordingInvoker();
      const app = express();
      app.use(journeys({ client: invoker }));
      app.post(
        '/reset',
        route(async (req, res) => res.json(await req.journeys.invoke('reset', { profile: { email: 'x@example.com' } }))),
      );
      expect((await request(`${await serve(app)}/reset`, { method: 'POST' })).status).toBe(200);
      expect(invoker.calls[0]?.request).toStrictEqual({ profile: { email: 'x@example.com' } });
    });

    it('fails the call, not the process, when identify throws or returns something unusable', async () => {
      const invoker = new RecordingInvoker();
      const app = express();
      app.use(
        journeys({
          client: invoker,
          identify: (req) => {
            if (req.path === '/throws') throw new Error('session store down');
            return 'ada' as never;
          },
        }),
      );
      const seen: unknown[] = [];
      const call = route(async (req, res) => res.json(await req.journeys.invoke('welcome', { data: {} })));
      app.post('/throws', call);
      app.post('/bad', call);
      app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
        seen.push(err);
        res.status(500).json({ failed: true });
      });
      const url = await serve(app);
      expect((await request(`${url}/throws`, { method: 'POST' })).status).toBe(500);
      expect((await request(`${url}/bad`, { method: 'POST' })).status).toBe(500);
      expect(seen[0]).toMatchObject({ message: 'session store down' });
      expect(seen[1]).toBeInstanceOf(JourneysConfigurationError);
      expect((seen[1] as Error).message).toMatch(
        /identify\(req\) returned an identity that cannot be sent \(must be a plain object like \{ user_id, profile \}, got a string/,
      );
      expect(invoker.calls).toHaveLength(0);
    });

    it.each<[string, unknown, RegExp]>([
      [
        'an unknown field',
        { email: 'ada@example.com' },
        /email: unknown field; a request has only user_id, profile and data \(did you mean profile\.email\?\)/,
      ],
      ['a number as user_id', { user_id: 42 }, /user_id: must be a string, got a number/],
      ['an empty user_id', { user_id: '' }, /user_id: must not be empty/],
      ['a class instance as profile', { profile: new Date(0) }, /profile: must be a plain object, got a string/],
      ['NaN in data', { data: { n: Number.NaN } }, /data\.n: NaN is not valid JSON/],
    ])('answers 500 (a server bug) naming identify when identify returns %s, never 400 with its field paths', async (_name, identity, message) => {
      const app = express();
      const errors: unknown[] = [];
      const invoker = new RecordingInvoker();
      app.use(journeys({ client: invoker, identify: () => identity as never }));
      app.post(
        '/signup',
        route(async (req, res) => res.json(await req.journeys.invoke('welcome', { data: {} }))),
      );
      app.use(journeysErrorHandler({ onError: (error) => errors.push(error) }));
      const answer = await request(`${await serve(app)}/signup`, { method: 'POST' });
      expect(answer.status).toBe(500);
      expect(answer.body).toStrictEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        code: 'ERR_JOURNEYS_CONFIG',
        message: 'Notifications are not configured correctly on this server',
      });
      expect(errors[0]).toBeInstanceOf(JourneysConfigurationError);
      expect((errors[0] as Error).message).toMatch(/^identify\(req\) returned an identity that cannot be sent/);
      expect((errors[0] as Error).message).toMatch(message);
      expect(invoker.calls).toHaveLength(0);
    });

    it('aborts an identify that never settles when the call is aborted', async () => {
      const app = express();
      const errors: unknown[] = [];
      app.use(journeys({ client: new RecordingInvoker(), identify: () => new Promise<never>(() => {}) }));
      app.post(
        '/signup',
        route(async (req, res) => res.json(await req.journeys.invoke('welcome', { data: {} }, { signal: AbortSignal.timeout(300) }))),
      );
      app.use(journeysErrorHandler({ onError: (error) => errors.push(error) }));
      const started = performance.now();
      const answer = await request(`${await serve(app)}/signup`, { method: 'POST' });
      expect(answer.status).toBe(503);
      expect(errors[0]).toBeInstanceOf(JourneysAbortError);
      expect(performance.now() - started).toBeLessThan(5000);
    });

    it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, number]>([
      ["the call's timeoutMs", {}, { timeoutMs: 200 }, 200],
      ["the middleware's timeoutMs", { apiKey: 'sk_test_identify', baseUrl: 'http://127.0.0.1:9', timeoutMs: 250 }, undefined, 250],
    ])('bounds an identify that never settles by %s', async (_name, middlewareOptions, callOptions, ms) => {
      const app = express();
      const errors: unknown[] = [];
      const client = 'apiKey' in middlewareOptions ? {} : { client: new RecordingInvoker() };
      app.use(journeys({ ...middlewareOptions, ...client, identify: () => new Promise<never>(() => {}) }));
      app.post(
        '/signup',
        route(async (req, res) => res.json(await req.journeys.invoke('welcome', { data: {} }, callOptions))),
      );
      app.use(journeysErrorHandler({ onError: (error) => errors.push(error) }));
      const answer = await request(`${await serve(app)}/signup`, { method: 'POST' });
      expect(answer.status).toBe(503);
      expect(errors[0]).toBeInstanceOf(JourneysTimeoutError);
      expect((errors[0] as Error).message).toBe(`identify(req) did not finish within ${ms} ms; nothing was sent`);
    });

    it.each([
      ['identfy', { identfy: () => undefined }, /journeys\(\): unknown option "identfy" \(did you mean identify\?\)/],
      ['timeout', { timeout: 5000 }, /journeys\(\): unknown option "timeout" \(did you mean timeoutMs\?\)/],
    ])('refuses the unknown option %s, naming the closest known one', (_name, extra, message) => {
      expect(() => journeys({ client: new RecordingInvoker(), ...extra })).toThrow(message);
    });
  });

  describe('getJourneys(req)', () => {
    it('returns req.journeys when the middleware is mounted', async () => {
      const app = express();
      app.use(journeys({ client: new RecordingInvoker() }));
      app.get('/', (req, res) => {
        res.json({ same: getJourneys(req) === req.journeys, hasInvoke: typeof getJourneys(req).invoke === 'function' });
      });
      expect((await request(await serve(app))).body).toStrictEqual({ same: true, hasInvoke: true });
    });

    it('throws an error that names the missing middleware', async () => {
      const app = express();
      const errors: unknown[] = [];
      app.get('/', (req, res) => {
        try {
          getJourneys(req);
          res.json({ thrown: false });
        } catch (err) {
          errors.push(err);
          res.status(500).end();
        }
      });
      await request(await serve(app));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(JourneysConfigurationError);
      expect((errors[0] as Error).message).toMatch(/journeys\(\) middleware of @journeykit\/express is not mounted/);
      expect((errors[0] as Error).message).toContain('app.use(journeys(');
    });
  });

  describe('without the middleware', () => {
    it('req.journeys throws a JourneysConfigurationError that names the fix, not a bare TypeError', async () => {
      const app = express();
      const errors: unknown[] = [];
      app.post(
        '/orders',
        route(async (req, res) => {
          const { runId } = await req.journeys.invoke('order-placed', { user_id: 'u1' });
          res.status(201).json({ runId });
        }),
      );
      app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
        errors.push(err);
        res.status(500).json({ message: (err as Error).message });
      });
      const answer = await request(`${await serve(app)}/orders`, { method: 'POST' });
      expect(answer.status).toBe(500);
      expect(errors[0]).toBeInstanceOf(JourneysConfigurationError);
      expect((errors[0] as Error).message).toMatch(/journeys\(\) middleware of @journeykit\/express is not mounted/);
      expect((errors[0] as Error).message).toContain('app.use(journeys(');
    });

    it('lets the middleware set req.journeys over the prototype accessor, and mounting twice keeps the first', async () => {
      const app = express();
      app.use(journeys({ client: new RecordingInvoker() }));
      app.get('/', (req, res) => {
        res.json({ own: Object.hasOwn(req, 'journeys'), invoke: typeof req.journeys.invoke });
      });
      expect((await request(await serve(app))).body).toStrictEqual({ own: true, invoke: 'function' });
    });

    it('stays out of util.inspect and JSON of a request', async () => {
      const app = express();
      app.get('/', (req, res) => {
        res.json({ inspected: inspect(req, { depth: 0 }).includes('journeys'), keys: Object.keys(req).includes('journeys') });
      });
      expect((await request(await serve(app))).body).toStrictEqual({ inspected: false, keys: false });
    });
  });

  describe('one client per middleware', () => {
    it('keeps the first req.journeys when mounted twice: one invoke, identity of the first', async () => {
      const first = new RecordingInvoker();
      const second = new RecordingInvoker();
      const app = express();
      app.use(journeys({ client: first, identify: () => ({ user_id: 'from-first' }) }));
      const router = express.Router();
      router.use(journeys({ client: second, identify: () => ({ user_id: 'from-second' }) }));
      router.post(
        '/signup',
        route(async (req, res) => res.json(await req.journeys.invoke('welcome', { data: {} }))),
      );
      app.use('/api', router);
      expect((await request(`${await serve(app)}/api/signup`, { method: 'POST' })).status).toBe(200);
      expect(first.calls.map((c) => c.request)).toStrictEqual([{ user_id: 'from-first', data: {} }]);
      expect(second.calls).toHaveLength(0);
    });

    it('gives each request its own req.journeys over the same client', async () => {
      const invoker = new RecordingInvoker();
      const middleware = journeys({ client: invoker, identify: (req) => ({ user_id: req.get('x-user-id') }) });
      const app = express();
      app.use(middleware);
      const seen: unknown[] = [];
      app.post(
        '/',
        route(async (req, res) => {
          seen.push(req.journeys);
          res.json(await req.journeys.invoke('welcome', {}));
        }),
      );
      const url = await serve(app);
      await Promise.all(['a', 'b', 'c'].map((id) => request(url, { method: 'POST', headers: { 'x-user-id': id } })));
      expect(new Set(seen).size).toBe(3);
      expect(middleware.client).toBe(invoker);
      expect(invoker.calls.map((c) => c.request.user_id).sort()).toStrictEqual(['a', 'b', 'c']);
    });

    it('req.journeys.invoke works detached from req.journeys (destructured, passed to map)', async () => {
      const invoker = new RecordingInvoker();
      const app = express();
      app.use(journeys({ client: invoker, identify: (req) => ({ user_id: req.get('x-user-id') }) }));
      app.post(
        '/',
        route(async (req, res) => {
          const { invoke } = req.journeys;
          const first = await invoke('welcome', {});
          const rest = await Promise.all([{ data: { n: 1 } }, { data: { n: 2 } }].map((call) => req.journeys.invoke.call(undefined, 'digest', call)));
          res.json([first, ...rest]);
        }),
      );
      const answer = await request(await serve(app), { method: 'POST', headers: { 'x-user-id': 'ada' } });
      expect(answer.status).toBe(200);
      expect(invoker.calls.map((c) => [c.templateId, c.request.user_id])).toStrictEqual([
        ['welcome', 'ada'],
        ['digest', 'ada'],
        ['digest', 'ada'],
      ]);
    });

    it('creates its own JourneysClient once from client options, hides the key and closes it on close()', async () => {
      const middleware = journeys({ apiKey: 'sk_test_secret_key', baseUrl: 'http://127.0.0.1:9' });
      expect(middleware.client).toBeInstanceOf(JourneysClient);
      expect(inspect(middleware, { depth: 5 })).not.toContain('sk_test_secret_key');
      const app = express();
      app.use(middleware);
      const shown: string[] = [];
      app.get('/', (req, res) => {
        shown.push(inspect(req.journeys, { depth: 5 }), JSON.stringify(req.journeys));
        res.end();
      });
      await request(await serve(app));
      expect(shown.join('\n')).not.toContain('sk_test_secret_key');
      await middleware.close();
      await expect(middleware.client.invoke('welcome', { user_id: 'u1' })).rejects.toMatchObject({ code: 'ERR_JOURNEYS_CLOSED' });
      await middleware.close(); // idempotent
    });

    it('leaves a client it was given open on close()', async () => {
      const invoker = new RecordingInvoker();
      await journeys({ client: invoker }).close();
      expect(invoker.closeCalls).toBe(0);
    });
  });

  it('passes a validation error of the call to Express as a rejection', async () => {
    const app = express();
    app.use(journeys({ client: new RecordingInvoker() }));
    const errors: unknown[] = [];
    app.post(
      '/',
      route(async (req, res) => res.json(await req.journeys.invoke('', {}))),
    );
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      errors.push(err);
      res.status(418).end();
    });
    expect((await request(await serve(app), { method: 'POST' })).status).toBe(418);
    expect(errors[0]).toBeInstanceOf(JourneysValidationError);
  });
});

describe('journeys() options', () => {
  const saved = process.env.COURIER_API_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.COURIER_API_KEY;
    else process.env.COURIER_API_KEY = saved;
  });

  it.each([
    {
      name: 'client and client options together',
      options: { client: new RecordingInvoker(), apiKey: 'sk_live_do_not_print' },
      message: /either client or JourneysClient options.*apiKey/,
    },
    { name: 'a client without invoke()', options: { client: {} }, message: /client must implement invoke/ },
    {
      name: 'identify that is not a function',
      options: { client: new RecordingInvoker(), identify: 'user' },
      message: /identify must be a function/,
    },
    { name: 'no client and no API key', options: { apiKey: '' }, message: /No Courier API key/ },
  ])('refuses $name at start-up with a configuration error', ({ options, message }) => {
    delete process.env.COURIER_API_KEY;
    const make = () => journeys(options as never);
    expect(make).toThrow(JourneysConfigurationError);
    expect(make).toThrow(message);
    try {
      make();
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('sk_live_do_not_print');
    }
  });

  it('reads COURIER_API_KEY when no option is given', () => {
    process.env.COURIER_API_KEY = 'sk_from_env';
    expect(journeys().client).toBeInstanceOf(JourneysClient);
  });
});
