import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './app-env.js';
import { answerError } from './error-body.js';
import { catalog } from './journeys.js';
import type { Store } from './store.js';

const signupBody = z.object({ email: z.email(), name: z.string().trim().min(1).max(100), plan: z.enum(['free', 'pro']).default('free') });
const orderBody = z.object({ total_cents: z.number().int().nonnegative() });
const inviteBody = z.object({ email: z.string() });

/** The body parsed by `schema`, or the 400 answer listing what is wrong (malformed JSON included). */
async function readBody<T>(c: Context, schema: z.ZodType<T>): Promise<{ data: T } | { answer: Response }> {
  const json: unknown = await c.req.json().catch(() => undefined);
  const parsed = schema.safeParse(json);
  if (parsed.success) return { data: parsed.data };
  const issues = parsed.error.issues.map(({ path, message }) => ({ path, message }));
  return { answer: answerError(c, 400, 'INVALID_BODY', 'The request body is invalid', issues) };
}

/** Answers 401 unless a user is signed in. */
const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.user === undefined) return answerError(c, 401, 'UNAUTHENTICATED', 'Sign in first: send x-user-id');
  await next();
};

/** The app's routes; each one reaches Courier through `c.var.journeys` a different way. */
export function routes(store: Store, log: (line: string) => void): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Signup: the user does not exist before the handler runs, so the call names its user; awaited,
  // so a Courier failure is a 502/503 through journeysErrorHandler(). The key makes a retried
  // signup of the same user a replay, not a second welcome.
  app.post('/signup', async (c) => {
    const body = await readBody(c, signupBody);
    if ('answer' in body) return body.answer;
    const user = store.createUser(body.data);
    if (user === undefined) return answerError(c, 409, 'EMAIL_TAKEN', 'An account with this email already exists');
    const { runId } = await c.var.journeys.invoke(
      'welcome',
      { user_id: user.id, profile: { email: user.email, name: user.name }, data: { plan: user.plan } },
      { idempotencyKey: `user-${user.id}-welcome` },
    );
    log(`welcome journey ${runId} started for ${user.email}`);
    return c.json({ user, runId }, 201);
  });

  // Order placed: identify(c) fills in user_id and profile from the signed-in user.
  app.post('/orders', requireUser, async (c) => {
    const body = await readBody(c, orderBody);
    if ('answer' in body) return body.answer;
    const order = store.placeOrder(c.var.user!.id, body.data.total_cents);
    const { runId } = await c.var.journeys.invoke(
      'order-placed',
      { data: { order_id: order.id, total_cents: order.total_cents } },
      { idempotencyKey: `order-${order.id}-placed` },
    );
    return c.json({ order, runId }, 201);
  });

  // Order cancelled: the token is built by the catalog's rule for order-placed, so every run started
  // for this order stops, whichever request started it.
  app.post('/orders/:id/cancel', requireUser, async (c) => {
    const order = store.findOrder(c.var.user!.id, c.req.param('id'));
    if (order === undefined) return answerError(c, 404, 'ORDER_NOT_FOUND', 'No such order');
    if (order.status === 'cancelled') return answerError(c, 409, 'ORDER_CANCELLED', 'The order was already cancelled');
    order.status = 'cancelled';
    const cancelation_token = catalog.cancelationToken('order-placed', { data: { order_id: order.id } });
    const journey = await c.var.journeys.cancel({ cancelation_token }, { idempotencyKey: `order-${order.id}-cancel` });
    return c.json({ order, journey });
  });

  // A run's status: an unknown run is a JourneysRunNotFoundError, answered 404 by journeysErrorHandler().
  app.get('/runs/:runId', requireUser, async (c) => c.json(await c.var.journeys.runs.get(c.req.param('runId'))));

  // Invite: the call names its own recipient, so identify(c) does not fill in the inviter; an empty
  // email fails core's validation (a 400 with the issues, nothing sent). `invite` is not in the
  // catalog: the explicit escape hatch, `untyped`.
  app.post('/invites', requireUser, async (c) => {
    const body = await readBody(c, inviteBody);
    if ('answer' in body) return body.answer;
    const { runId } = await c.var.journeys.untyped.invoke('invite', { profile: { email: body.data.email }, data: { invited_by: c.var.user!.name } });
    return c.json({ runId }, 201);
  });

  return app;
}
