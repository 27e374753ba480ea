import type { JourneysVariables } from '@journeykit/hono';
import type { User } from './store.js';

/** The app's Hono `Env`: `c.var.journeys` from the middleware, `c.var.user` from the header sign-in. */
export type AppEnv = { Variables: JourneysVariables & { user?: User } };
