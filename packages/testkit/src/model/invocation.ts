import type { InvokeRequest } from '@journeykit/core';
import type { PreparedInvocation } from '@journeykit/core/internal';
import type { TriggerSchemaMismatch } from './trigger-schemas.js';

/**
 * One journey run a fake created. Both fakes record the same shape, so assertions and the
 * vitest matchers work on either.
 */
export interface FakeInvocation {
  /** The journey template ID or alias, decoded (as the caller passed it). */
  templateId: string;
  /**
   * The request as it went on the wire: the JSON body parsed back, so `Date`s are ISO strings,
   * `undefined` fields are gone, and later changes to the caller's objects do not show here.
   */
  request: InvokeRequest;
  /** The user Courier resolves for this request; undefined when only contact info was given. */
  userId: string | undefined;
  /** The `Idempotency-Key`; undefined only when a raw HTTP request to the fake server sent none. */
  idempotencyKey: string | undefined;
  /** The run id the fake answered with. */
  runId: string;
  /** When the run was created. */
  at: Date;
  /** The run's cancelation token, as the journey's rule built it at invoke time; undefined when it has none. */
  cancelationToken?: string;
  /**
   * Set when `data` failed the journey's trigger schema (from `journeyDefinitions`): the run was
   * created and ended in ERROR at its trigger step, as Courier does. Courier's run and step shapes
   * carry no error text; this is where the fake says what was wrong.
   */
  triggerSchemaMismatch?: TriggerSchemaMismatch;
}

/** The mismatch as one line, for the request log and the matchers' messages. */
export function describeMismatch(templateId: string, mismatch: TriggerSchemaMismatch): string {
  return `data failed the trigger schema of journey ${JSON.stringify(templateId)} (${mismatch.version}): ${mismatch.problems.join('; ')}`;
}

/** Builds the record of a run from core's prepared invocation. */
export function recordInvocation(
  prepared: PreparedInvocation,
  idempotencyKey: string | undefined,
  runId: string,
  at: Date = new Date(),
): FakeInvocation {
  return {
    templateId: prepared.templateId,
    request: JSON.parse(prepared.body) as InvokeRequest,
    userId: prepared.userId,
    idempotencyKey,
    runId,
    at,
  };
}
