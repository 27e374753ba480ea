import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** An async route handler whose rejection reaches the error handler: Express 4 does not forward rejected promises, this works on both. */
export function route(handler: (req: Request, res: Response) => Promise<unknown>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => void handler(req, res).catch(next);
}
