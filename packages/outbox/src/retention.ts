/**
 * How long the outbox's rows stay in pg-boss's tables. pg-boss deletes a job still waiting once its
 * `keep_until` passes (14 days by default, from every started pg-boss's maintenance) and a settled
 * one `deleteAfterSeconds` after it settled. The outbox's promise is the other way round: a stored
 * invocation is delivered, or becomes a dead letter with its reason, or waits; housekeeping never
 * drops one. And what is no longer needed (the request of a delivered invocation: emails, phone
 * numbers, `data`) does not linger.
 */

/** Options of {@link JourneysOutboxOptions.retention}. */
export interface RetentionOptions {
  /**
   * How long a delivered invocation's job (its request included: `profile`, `data`) stays in
   * `pgboss.job`, in ms (pg-boss counts whole seconds: a fraction rounds up). Default 0: deleted once Courier has answered, since nothing needs
   * it any more (Courier has the run, hooks and metrics have the event), so personal data is kept
   * no longer than delivery takes. Above 0, pg-boss's maintenance deletes it that long after.
   */
  deliveredMs?: number;
  /**
   * How long a dead letter is kept, in ms (whole seconds for pg-boss: a fraction rounds up). Default: until it is replayed or deleted
   * (`replayDeadLetters`, `deleteDeadLetters`): it is an invocation that has not started, and
   * only a person should decide it never will. It is the dead-letter queue's setting, which each
   * process sets when it starts: give every process the same value.
   */
  deadLetterMs?: number;
}

/** pg-boss's retention columns are `int` seconds: this is "never" (68 years). */
export const FOREVER_SECONDS = 2_147_483_647;

/**
 * pg-boss's `deleteAfterSeconds` for the outbox's jobs when delivered jobs are deleted at once: it
 * still removes the rows that delete missed (the database failed right then) and the failed
 * originals of dead letters (the dead-letter queue holds the copy a replay reads).
 */
export const SETTLED_FALLBACK_SECONDS = 3600;
