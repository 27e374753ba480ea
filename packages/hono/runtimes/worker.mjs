// A Hono app as a Cloudflare Worker, written as a user would: the app and its one client at module scope
// (one per isolate), the key and Courier's address from the Worker's bindings (`env` from cloudflare:workers),
// `c.var.journeys` in the route, journeykit's errors through `app.onError`. Bundled by testkit's workerd.mjs
// with the `workerd` condition, so @journeykit/core is its fetch build.
import { JourneysClient } from '@journeykit/core';
import { journeys, journeysErrorHandler } from '@journeykit/hono';
import { env } from 'cloudflare:workers';
import { Hono } from 'hono';

const app = new Hono();
app.use(
  journeys({
    apiKey: env.COURIER_API_KEY,
    baseUrl: env.COURIER_BASE_URL,
    retryDelayMs: 1,
    identify: (c) => {
      const user = c.req.header('x-user-id');
      return user === undefined ? undefined : { user_id: user };
    },
  }),
);
app.post('/signup', async (c) => c.json(await c.var.journeys.invoke('welcome', { data: await c.req.json() }), 201));
// Proof that this is core's fetch build: it refuses the undici transport.
app.get('/transport', (c) => {
  try {
    new JourneysClient({ apiKey: 'k', transport: 'undici' });
    return c.json({ undiciRefused: false });
  } catch (error) {
    return c.json({ undiciRefused: error.name === 'JourneysConfigurationError' });
  }
});
app.onError(journeysErrorHandler());

export default app;
