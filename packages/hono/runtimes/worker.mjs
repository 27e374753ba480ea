// A Hono app as a Cloudflare Worker, written as the README's Workers example: the app and its one client at
// module scope (one per isolate), the key and Courier's address from the Worker's bindings (COURIER_API_KEY,
// COURIER_BASE_URL: with nodejs_compat, workerd puts them in process.env, where the client reads them),
// `c.var.journeys` in the route, journeykit's errors through `app.onError`. Bundled by testkit's workerd.mjs
// with the `workerd` condition, so @journeykit/core is its fetch build.
import { JourneysClient } from '@journeykit/core';
import { journeys, journeysErrorHandler } from '@journeykit/hono';
import { Hono } from 'hono';

const app = new Hono();
app.use(
  journeys({
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
