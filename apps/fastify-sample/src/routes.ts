import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { catalog } from './journeys.js';
import type { Store, User } from './store.js';

const signupBody = z.object({ email: z.email(), plan: z.enum(['free', 'pro']).default('free') });
const orderBody = z.object({ total_cents: z.number().int().nonnegative() });
const resetBody = z.object({ email: z.string() });

export interface RoutesOptions {
  store: Store;
  /** Where password reset links point. */
  publicUrl: string;
  log: (line: string) => void;
}

function badRequest(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return reply.code(400).send({
    statusCode: 400,
    error: 'Bad Request',
    message: 'The request body is invalid',
    code: 'INVALID_BODY',
    issues: error.issues.map(({ path, message }) => ({ path, message })),
  });
}

function signedIn(request: FastifyRequest, reply: FastifyReply, store: Store): User | undefined {
  const id = request.headers['x-user-id'];
  const user = typeof id === 'string' ? store.findUser(id) : undefined;
  if (user === undefined)
    void reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'Sign in first: send x-user-id', code: 'UNAUTHENTICATED' });
  return user;
}

/** The app's routes; each starts or stops a journey a different way. */
export async function routes(app: FastifyInstance, { store, publicUrl, log }: RoutesOptions): Promise<void> {
  // Signup: the welcome journey starts in the route's onResponse hook, once the 201 has gone; a 400
  // or 409 starts nothing. The key makes a repeated welcome for one user a replay in Courier.
  const created = new WeakMap<FastifyRequest, User>();
  app.post('/signup', {
    handler: async (request, reply) => {
      const body = signupBody.safeParse(request.body);
      if (!body.success) return badRequest(reply, body.error);
      const user = store.createUser(body.data.email, body.data.plan);
      if (user === undefined)
        return reply
          .code(409)
          .send({ statusCode: 409, error: 'Conflict', message: 'An account with this email already exists', code: 'EMAIL_TAKEN' });
      created.set(request, user);
      return reply.code(201).send(user);
    },
    onResponse: async (request) => {
      const user = created.get(request);
      if (user === undefined) return;
      await request.journeys
        .invoke(
          'welcome',
          { user_id: user.id, profile: { email: user.email }, data: { plan: user.plan } },
          { idempotencyKey: `user-${user.id}-welcome` },
        )
        .then(
          ({ runId }) => log(`welcome journey ${runId} started for ${user.id}`),
          (error: unknown) => log(`welcome journey for ${user.id} failed: ${error instanceof Error ? error.message : String(error)}`),
        );
    },
  });

  // Order placed: awaited, identify() fills in user_id and profile; a Courier failure becomes a
  // 502/503 through the plugin's error handler, and the order stays placed (a retry replays the key).
  app.post('/orders', async (request, reply) => {
    const user = signedIn(request, reply, store);
    if (user === undefined) return reply;
    const body = orderBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const order = store.placeOrder(user.id, body.data.total_cents);
    const { runId } = await request.journeys.invoke(
      'order-placed',
      { data: { order_id: order.id, total_cents: order.total_cents } },
      { idempotencyKey: `order-${order.id}-placed` },
    );
    return reply.code(201).send({ order, runId });
  });

  // Order cancelled: the catalog builds the token the journey's runs carry, so every run of this order stops.
  app.post<{ Params: { id: string } }>('/orders/:id/cancel', async (request, reply) => {
    const user = signedIn(request, reply, store);
    if (user === undefined) return reply;
    const order = store.cancelOrder(user.id, request.params.id);
    if (order === undefined)
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'No such open order', code: 'ORDER_NOT_FOUND' });
    const cancelation_token = catalog.cancelationToken('order-placed', { data: { order_id: order.id } });
    const journey = await request.journeys.cancel({ cancelation_token }, { idempotencyKey: `order-${order.id}-cancel` });
    return { order, journey };
  });

  // Password reset: anonymous, so the call names its recipient; the same 202 for unknown emails.
  app.post('/password-reset', async (request, reply) => {
    const body = resetBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const user = store.findUserByEmail(body.data.email);
    if (user !== undefined) {
      const token = crypto.randomUUID();
      await request.journeys.invoke(
        'password-reset',
        { user_id: user.id, profile: { email: user.email }, data: { reset_url: `${publicUrl}/reset/${token}` } },
        { idempotencyKey: `password-reset-${token}` },
      );
    }
    return reply.code(202).send({ message: 'If an account exists for this email, a reset link is on its way' });
  });

  // A run's status: an unknown run is the plugin's 404.
  app.get<{ Params: { runId: string } }>('/runs/:runId', async (request) => request.journeys.runs.get(request.params.runId));

  app.get('/health', async () => ({ ok: true }));
}
