import { afterResponse, invokeAfterResponse } from '@journeykit/express';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireUser } from './auth.js';
import { answerError } from './error-body.js';
import { catalog } from './journeys.js';
import type { Store, User } from './store.js';

const signupBody = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(100),
  plan: z.enum(['free', 'pro']).default('free'),
});

const orderBody = z.object({
  items: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive(), price_cents: z.number().int().nonnegative() })).min(1),
});

const resetBody = z.object({ email: z.string() });
const inviteBody = z.object({ email: z.string() });

function badRequest(res: Response, error: z.ZodError): void {
  answerError(
    res,
    400,
    'INVALID_BODY',
    'The request body is invalid',
    error.issues.map(({ path, message }) => ({ path, message })),
  );
}

export interface RoutesOptions {
  store: Store;
  /** Where password reset links point. */
  publicUrl: string;
  log: (line: string) => void;
}

/** The app's routes; each one starts a journey a different way. */
export function routes({ store, publicUrl, log }: RoutesOptions): Router {
  const router = Router();

  // Signup: the route-level helper. The welcome journey starts once the 201 has been sent; a
  // 400 or 409 starts nothing. The user does not exist before the handler runs, so the request
  // is built from what the handler left in res.locals.
  router.post(
    '/signup',
    afterResponse(
      'welcome',
      (_req, res) => {
        const user = res.locals.user as User;
        return { user_id: user.id, profile: { email: user.email, name: user.name }, data: { plan: user.plan } };
      },
      {
        idempotencyKey: (_req, res) => `user-${(res.locals.user as User).id}-welcome`,
        onInvoked: ({ runId }, req) => log(`welcome journey ${runId} started for ${req.body.email}`),
      },
    ),
    (req: Request, res: Response) => {
      const body = signupBody.safeParse(req.body);
      if (!body.success) return badRequest(res, body.error);
      const user = store.createUser(body.data);
      if (user === undefined) {
        answerError(res, 409, 'EMAIL_TAKEN', 'An account with this email already exists');
        return;
      }
      res.locals.user = user;
      res.status(201).json(user);
    },
  );

  // Order placed: the in-handler helper, after the order is saved. identify(req) fills in
  // user_id and profile; the key makes a repeated notification for one order a replay.
  router.post('/orders', requireUser, (req: Request, res: Response) => {
    const body = orderBody.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const order = store.placeOrder(req.user!.id, body.data.items);
    res.status(201).json(order);
    invokeAfterResponse(
      req,
      'order-placed',
      { data: { order_id: order.id, total_cents: order.total_cents, items: order.items } },
      { idempotencyKey: `order-${order.id}-placed`, onInvoked: ({ runId }) => log(`order-placed journey ${runId} started for ${order.id}`) },
    );
  });

  // Order cancelled: stop the order's journey (its reminders and follow-ups). The token is built by
  // the catalog's rule for order-placed, the expression the journey itself evaluates in Courier, so
  // every run started for this order stops, whichever request started it. Awaited: the answer says
  // whether the journey was stopped. The key makes a repeated cancel of one order a replay.
  router.post('/orders/:id/cancel', requireUser, async (req: Request, res: Response) => {
    const found = store.findOrder(String(req.params.id));
    if (found === undefined || found.userId !== req.user!.id) {
      answerError(res, 404, 'ORDER_NOT_FOUND', 'No such order');
      return;
    }
    if (store.cancelOrder(found.id) === undefined) {
      answerError(res, 409, 'ORDER_CANCELLED', 'The order was already cancelled');
      return;
    }
    const cancelation_token = catalog.cancelationToken('order-placed', { data: { order_id: found.id } });
    const journey = await req.journeys.cancel({ cancelation_token }, { idempotencyKey: `order-${found.id}-cancel` });
    log(`order-placed journey of ${found.id} cancelled (token ${cancelation_token})`);
    res.json({ order: found, journey });
  });

  // Password reset: awaited, because the answer depends on it. The caller is anonymous, so the
  // call names its user; a Courier failure becomes a 502/503 through journeysErrorHandler().
  router.post('/password-reset', async (req: Request, res: Response) => {
    const body = resetBody.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const user = store.findUserByEmail(body.data.email);
    if (user !== undefined) {
      const reset = store.createResetToken(user.id);
      const { runId } = await req.journeys.invoke(
        'password-reset',
        { user_id: user.id, profile: { email: user.email }, data: { reset_url: `${publicUrl}/reset/${reset.token}`, expires_at: reset.expiresAt } },
        { idempotencyKey: `password-reset-${reset.token}` },
      );
      log(`password-reset journey ${runId} started`);
    }
    // The same answer either way: an unknown email must not reveal which accounts exist.
    res.status(202).json({ message: 'If an account exists for this email, a reset link is on its way' });
  });

  // Invite: the call names its own recipient (an email), so identify(req) does not fill in the
  // inviter. An empty email fails core validation, which journeysErrorHandler() turns into a 400.
  // The invite journey is still a draft in Courier and not in the catalog (src/journeys.ts): the
  // explicit escape hatch, `untyped`, starts it without the catalog's checks.
  router.post('/invites', requireUser, async (req: Request, res: Response) => {
    const body = inviteBody.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const { runId } = await req.journeys.untyped.invoke('invite', {
      profile: { email: body.data.email },
      data: { invited_by: req.user!.name },
    });
    res.status(201).json({ runId });
  });

  return router;
}
