import type { InvokeRequest } from './types.js';

/**
 * Options of {@link JourneysEnqueuer.enqueue}.
 *
 * @typeParam Db the transaction handles the enqueuer accepts (for `@journeykit/outbox`: a `pg`
 *   client, a Kysely or Knex transaction, Prisma's transaction client, a pg-boss executor).
 */
export interface EnqueueOptions<Db = unknown> {
  /**
   * The caller's open transaction: the invocation is stored in it, so a rollback drops it and a
   * commit keeps it. Without it, the invocation is stored on its own (committed at once).
   */
  db?: Db;
  /**
   * Sent as `Idempotency-Key` by every delivery attempt. Default: a fresh random key, fixed at
   * enqueue (see the result).
   */
  idempotencyKey?: string;
  /** Deliver no earlier than this: a `Date`, or a delay in seconds. Default: as soon as possible. */
  startAfter?: Date | number;
}

/** What {@link JourneysEnqueuer.enqueue} stored. */
export interface EnqueueResult {
  /** The stored job's id (pg-boss's id for `@journeykit/outbox`). */
  jobId: string;
  /** The key every delivery attempt sends: the one given, or the one generated at enqueue. */
  idempotencyKey: string;
}

/**
 * Starts a journey later and durably: the invocation is validated now, stored (in the caller's
 * transaction when one is given), and delivered by a worker that retries until Courier answers.
 * `JourneysOutbox` from `@journeykit/outbox` implements it, and so does the test kit's fake
 * outbox; the Express middleware and the Nest module expose whichever one they are given, without
 * depending on the outbox package.
 *
 * @example
 * ```ts
 * async function signUp(outbox: JourneysEnqueuer, tx: pg.PoolClient, email: string) {
 *   await tx.query('INSERT INTO users (email) VALUES ($1)', [email]);
 *   await outbox.enqueue('welcome', { profile: { email } }, { db: tx });
 * }
 * ```
 */
export interface JourneysEnqueuer<Db = unknown> {
  enqueue(templateId: string, request: InvokeRequest, options?: EnqueueOptions<Db>): Promise<EnqueueResult>;
}
