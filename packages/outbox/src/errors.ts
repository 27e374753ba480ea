import { JourneysError } from '@journeykit/core';

/**
 * The outbox could not do what was asked of its database: store an invocation (the database is
 * down, the transaction is aborted), list or replay dead letters. Nothing was stored; `cause`
 * holds the driver's error. The message never carries connection strings or request contents.
 *
 * @example
 * ```ts
 * try {
 *   await outbox.enqueue('welcome', { user_id: 'u1' }, { db: tx });
 * } catch (err) {
 *   if (err instanceof JourneysOutboxError) await tx.query('ROLLBACK'); // the signup fails as a whole
 *   throw err;
 * }
 * ```
 */
export class JourneysOutboxError extends JourneysError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_JOURNEYS_OUTBOX', message, options);
  }
}

/** A driver's error, reduced to one line that is safe to show (no stack, no parameters). */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${cause.message}${typeof code === 'string' && !cause.message.includes(code) ? ` (${code})` : ''}`;
  }
  return String(cause);
}
