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

/**
 * `replayDeadLetters()` refused dead letters whose idempotency key may be forgotten by Courier: the
 * journey may have started (its answer lost), and a replay with that key could start it again.
 * Nothing was replayed. Check in Courier, then replay them with `onExpiredKey: 'new-key'` (or pass
 * `onExpiredKey: 'skip'` to replay only the others).
 *
 * @example
 * ```ts
 * try {
 *   await outbox.replayDeadLetters();
 * } catch (err) {
 *   if (!(err instanceof JourneysOutboxReplayError)) throw err;
 *   console.warn('check these in Courier first:', err.refused);
 *   await outbox.replayDeadLetters({ onExpiredKey: 'skip' });
 * }
 * ```
 */
export class JourneysOutboxReplayError extends JourneysError {
  /** The dead letters (their `id`) past their key's lifetime. */
  readonly refused: string[];
  /** How many this call replayed: 0, it refuses before replaying any. */
  readonly replayed = 0;

  constructor(refused: string[]) {
    const shown = refused.slice(0, 10).join(', ') + (refused.length > 10 ? `, and ${refused.length - 10} more` : '');
    super(
      'ERR_JOURNEYS_OUTBOX_REPLAY',
      `${refused.length} dead letter${refused.length === 1 ? ' is' : 's are'} past the idempotency key's lifetime: Courier may have forgotten the key, ` +
        'and if the journey did start (its answer lost), replaying it could start a second run. Nothing was replayed. ' +
        `Check in Courier, then pass onExpiredKey: 'new-key' to replay them anyway, or 'skip' to replay the others (${shown})`,
    );
    this.refused = refused;
  }
}
