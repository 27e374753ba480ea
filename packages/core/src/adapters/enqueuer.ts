import type { AnyJourneyCatalog } from '../catalog/catalog.js';
import { JourneysValidationError, isJourneysError, type ValidationIssue } from '../errors/errors.js';
import { closestName } from '../input/option-names.js';
import type { InvokeRequest } from '../contract/types.js';
import { unstorableTextIssues } from '../input/storable-text.js';
import { DEFAULT_MAX_REQUEST_BYTES, prepareInvocation, type PreparedInvocation } from '../input/validate.js';

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
   * Sent as `Idempotency-Key` by every delivery attempt. Default: a fresh `journeykit-<uuid>`,
   * fixed at enqueue (see the result).
   */
  idempotencyKey?: string;
  /** Deliver no earlier than this point in time. Default: as soon as possible. Not with `delayMs`. */
  startAfter?: Date;
  /** Deliver no earlier than this many ms from now (a whole number >= 0). Default 0. Not with `startAfter`. */
  delayMs?: number;
}

/** The names {@link EnqueueOptions} has: any other is refused (`startAfter: 60` was seconds once; now it is `delayMs: 60_000`). */
const ENQUEUE_OPTION_NAMES = ['db', 'idempotencyKey', 'startAfter', 'delayMs'] as const satisfies readonly (keyof EnqueueOptions)[];

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
  /**
   * Validates the invocation now and stores it for delivery; resolves once it is stored (in
   * `options.db`'s transaction when given, so it is only durable once that commits). Bad input
   * rejects with `JourneysValidationError` and nothing is stored.
   *
   * @example
   * ```ts
   * const { jobId, idempotencyKey } = await outbox.enqueue('welcome', { user_id: 'u1' }, { db: tx, delayMs: 60_000 });
   * ```
   */
  enqueue(templateId: string, request: InvokeRequest, options?: EnqueueOptions<Db>): Promise<EnqueueResult>;
}

/** An enqueue call checked and normalised by {@link prepareEnqueue}. */
export interface PreparedEnqueue {
  /** The checked invocation (path, body, headers), as `invoke` would send it. */
  invocation: PreparedInvocation;
  /** The request exactly as it will go on the wire (the validated JSON, parsed back). */
  request: InvokeRequest;
  /**
   * The caller's key, or undefined: the enqueuer generates one then, so that every delivery
   * attempt sends the same key and a redelivery never starts a second run.
   */
  idempotencyKey: string | undefined;
  /** Epoch ms from which it may be delivered; undefined for "now". */
  dueAt: number | undefined;
  /** `options.db` as given (already accepted by {@link EnqueueRules.checkDb}); undefined without a transaction. */
  db: unknown;
}

/** What an enqueuer adds to {@link prepareEnqueue}'s checks. */
export interface EnqueueRules {
  /** The journeys the request must match (`defineJourneys()`); without it, any template ID passes. */
  catalog?: AnyJourneyCatalog | undefined;
  /** Returns why `db` is not usable, or undefined when it is. Not called when `db` is absent. */
  checkDb?: (db: unknown) => string | undefined;
  /** Latest allowed `startAfter` or `delayMs`, in ms from now (e.g. so the idempotency key outlives every retry). */
  maxDelayMs?: number;
  /** Epoch ms taken as "now" for `startAfter` and `delayMs`; tests fix it so a delay gives a known `dueAt`. Default: `Date.now()`. */
  now?: number;
}

/**
 * Validates an enqueue call the way every `JourneysEnqueuer` must: the invocation (like
 * `invoke`, catalog included), the idempotency key, `startAfter` or `delayMs`, unknown option names, and `db` by the enqueuer's own
 * rule; and text PostgreSQL cannot store (a NUL character, a lone surrogate), which `invoke` lets through. Every problem is reported at once in one {@link JourneysValidationError}; nothing may be
 * stored for an invalid call. `@journeykit/outbox` and the test kit's fake outbox share it, so
 * they accept and reject the same calls.
 *
 * @example
 * ```ts
 * const { request, dueAt } = prepareEnqueue('welcome', { user_id: 'u1' }, { delayMs: 60_000 });
 * ```
 */
export function prepareEnqueue(
  templateId: string,
  request: InvokeRequest,
  options: EnqueueOptions | undefined,
  rules: EnqueueRules = {},
): PreparedEnqueue {
  const issues: ValidationIssue[] = [];
  const now = rules.now ?? Date.now();
  const valid = options === undefined || (options !== null && typeof options === 'object');
  if (!valid) issues.push({ path: ['options'], message: `must be an object, got ${options === null ? 'null' : typeof options}` });
  const { db, idempotencyKey, startAfter, delayMs } = valid && options !== undefined ? options : ({} as EnqueueOptions);
  if (valid && options !== undefined) issues.push(...unknownOptionIssues(options));
  if (db !== undefined && rules.checkDb !== undefined) {
    const problem = rules.checkDb(db);
    if (problem !== undefined) issues.push({ path: ['options', 'db'], message: problem });
  }
  let dueAt: number | undefined;
  if (startAfter instanceof Date && Number.isFinite(startAfter.getTime())) dueAt = Math.max(now, startAfter.getTime());
  else if (typeof startAfter === 'number')
    issues.push({
      path: ['options', 'startAfter'],
      message: `must be a Date; for a delay from now, give delayMs (milliseconds), got ${String(startAfter)}`,
    });
  else if (startAfter !== undefined) issues.push({ path: ['options', 'startAfter'], message: 'must be a valid Date' });
  if (delayMs !== undefined && !(typeof delayMs === 'number' && Number.isSafeInteger(delayMs) && delayMs >= 0)) {
    issues.push({
      path: ['options', 'delayMs'],
      message: `must be a whole number of milliseconds >= 0, got ${typeof delayMs === 'number' ? String(delayMs) : `a ${typeof delayMs}`}`,
    });
  } else if (delayMs !== undefined && startAfter !== undefined) {
    issues.push({ path: ['options', 'delayMs'], message: 'give startAfter (a point in time) or delayMs (a delay from now), not both' });
  } else if (delayMs !== undefined) dueAt = now + delayMs;
  if (dueAt !== undefined && rules.maxDelayMs !== undefined && dueAt - now > rules.maxDelayMs) {
    const days = Math.floor(rules.maxDelayMs / 86_400_000);
    issues.push({
      path: ['options', delayMs !== undefined ? 'delayMs' : 'startAfter'],
      message: `must be at most ${days} days ahead: the idempotency key must outlive every retry, and Courier keeps a key at most a year`,
    });
  }
  let invocation: PreparedInvocation;
  try {
    invocation = prepareInvocation(
      templateId,
      request,
      idempotencyKey === undefined ? undefined : { idempotencyKey },
      DEFAULT_MAX_REQUEST_BYTES,
      rules.catalog,
    );
  } catch (error) {
    if (error instanceof JourneysValidationError && issues.length > 0)
      throw new JourneysValidationError([...error.issues, ...issues], error.templateId);
    throw error;
  }
  const wire = JSON.parse(invocation.body) as InvokeRequest;
  // What invoke() may send but an enqueuer cannot store (PostgreSQL's jsonb): refused before the database sees it.
  issues.push(...unstorableTextIssues(invocation.body, wire));
  if (issues.length > 0) throw new JourneysValidationError(issues, templateId);
  return { invocation, request: wire, idempotencyKey, dueAt, db };
}

/** An issue per option name {@link EnqueueOptions} does not have, with the name most likely meant. */
function unknownOptionIssues(options: object): ValidationIssue[] {
  return Object.keys(options)
    .filter((name) => !(ENQUEUE_OPTION_NAMES as readonly string[]).includes(name))
    .map((name) => {
      const meant = closestName(name, ENQUEUE_OPTION_NAMES);
      return {
        path: ['options', name],
        message: `unknown option${meant === undefined ? '' : ` (did you mean ${meant}?)`}; enqueue takes ${ENQUEUE_OPTION_NAMES.join(', ')}`,
      };
    });
}

/**
 * Whether the worker's own catalog refused the journey before sending (it left `defineJourneys()`):
 * retrying changes nothing. Other configuration errors (undici failing to load, a custom invoker's
 * setup) may pass. Read by code and marker, so an error from a second copy of core agrees.
 */
export function isNotInCatalog(error: unknown): boolean {
  return isJourneysError(error) && error.code === 'ERR_JOURNEYS_CONFIG' && (error as { notInCatalog?: unknown }).notInCatalog === true;
}
