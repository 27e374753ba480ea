import type { RequestHandler } from 'express';
import { answerError } from './error-body.js';
import type { Store, User } from './store.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The signed-in user, set by {@link headerAuth}. */
      user?: User;
    }
  }
}

/**
 * A deliberately simple auth: the `x-user-id` header names the signed-in user. A real app would
 * verify a session or a token here; what matters to journeys is that `req.user` is set.
 */
export function headerAuth(store: Store): RequestHandler {
  return (req, _res, next) => {
    const id = req.get('x-user-id');
    if (id !== undefined) req.user = store.findUser(id);
    next();
  };
}

/** Answers 401 unless a user is signed in. */
export const requireUser: RequestHandler = (req, res, next) => {
  if (req.user === undefined) {
    answerError(res, 401, 'UNAUTHENTICATED', 'Sign in first: send x-user-id');
    return;
  }
  next();
};
