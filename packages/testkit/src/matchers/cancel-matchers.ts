/**
 * The cancel matchers, free of any test-runner import like the invocation matchers. They take
 * anything with a `cancellations` array (and, for `toHaveCanceledJourney`, an `invocations` array):
 * a FakeJourneysClient or a FakeCourierServer.
 */
import { inspect } from 'node:util';
import { JourneysConfigurationError, type CancelRequest } from '@journeykit/core';
import type { FakeCancellation } from '../model/run-lifecycle.js';
import {
  checkTemplateId,
  leafEquals,
  listInvocations,
  matchesPartial,
  show,
  sourceOf,
  type MatcherContext,
  type MatcherResult,
  type PartialRequest,
} from './matchers.js';

/** Something whose cancels can be asserted on: a FakeJourneysClient or a FakeCourierServer. */
export interface CancellationSource {
  /** The cancels accepted, oldest first. */
  readonly cancellations: readonly FakeCancellation[];
}

const MAX_LISTED = 20;

function cancellationsOf(received: unknown, matcher: string): readonly FakeCancellation[] {
  const cancellations = (received as Partial<CancellationSource> | null | undefined)?.cancellations;
  if (!Array.isArray(cancellations)) {
    throw new JourneysConfigurationError(
      `${matcher}() needs a FakeJourneysClient or a FakeCourierServer (anything with a cancellations array), got ${inspect(received, { depth: 0 })}`,
    );
  }
  return cancellations;
}

function runs(n: number): string {
  return `${n} run${n === 1 ? '' : 's'}`;
}

function describeCancel(c: FakeCancellation): string {
  if (c.request.run_id !== undefined) {
    const status = (c.result as { status?: string }).status;
    return `run_id ${JSON.stringify(c.request.run_id)} -> ${String(status)}`;
  }
  return `cancelation_token ${JSON.stringify(c.request.cancelation_token)} -> stopped ${runs(c.canceledRunIds.length)}`;
}

function listCancellations(cancellations: readonly FakeCancellation[]): string {
  if (cancellations.length === 0) return 'Cancellations: none';
  const lines = cancellations.slice(0, MAX_LISTED).map((c, i) => `  #${i + 1} ${describeCancel(c)}`);
  if (cancellations.length > MAX_LISTED) lines.push(`  ... and ${cancellations.length - MAX_LISTED} more`);
  return `Cancellations (${cancellations.length}):\n${lines.join('\n')}`;
}

function checkTarget(target: unknown): CancelRequest {
  const t = target as Partial<Record<'run_id' | 'cancelation_token', unknown>> | null;
  const byRun = typeof t?.run_id === 'string' && t.cancelation_token === undefined;
  const byToken = typeof t?.cancelation_token === 'string' && t.run_id === undefined;
  if (t === null || typeof t !== 'object' || !(byRun || byToken)) {
    throw new JourneysConfigurationError(
      `toHaveCanceledRun() needs { run_id } or { cancelation_token } (one of them, a string), got ${inspect(target)}`,
    );
  }
  return t as CancelRequest;
}

/**
 * Passes when a cancel named `target`: `{ cancelation_token }` (whatever runs shared it), or
 * `{ run_id }` (a cancel by that id, or a cancel by token that stopped that run). Registered by
 * importing `@journeykit/testkit/vitest` (or `/jest`).
 *
 * @example
 * ```ts
 * expect(fake).toHaveCanceledRun({ cancelation_token: 'order-o1' });
 * expect(server).toHaveCanceledRun({ run_id: runId });
 * ```
 */
export function toHaveCanceledRun(this: MatcherContext | void, received: unknown, target: CancelRequest): MatcherResult {
  const cancellations = cancellationsOf(received, 'toHaveCanceledRun');
  const wanted = checkTarget(target);
  const hit =
    wanted.run_id !== undefined
      ? cancellations.findIndex((c) => c.request.run_id === wanted.run_id || c.canceledRunIds.includes(wanted.run_id))
      : cancellations.findIndex((c) => c.request.cancelation_token === wanted.cancelation_token);
  const pass = hit >= 0;
  const what = wanted.run_id !== undefined ? `run ${JSON.stringify(wanted.run_id)}` : `cancelation_token ${JSON.stringify(wanted.cancelation_token)}`;
  return {
    pass,
    message: () =>
      pass
        ? `Expected no cancel of ${what}, but cancel #${hit + 1} was one.\n\n${listCancellations(cancellations)}`
        : `Expected a cancel of ${what}, but there was none.\n\n${listCancellations(cancellations)}`,
  };
}

/**
 * Passes when `templateId` was invoked (with a request matching `partialRequest`, if given, like
 * `toMatchObject`) and that run was then canceled, by its id or by its token.
 *
 * @example
 * ```ts
 * expect(fake).toHaveCanceledJourney('order-reminder', { data: { order_id: 'o1' } });
 * ```
 */
export function toHaveCanceledJourney(
  this: MatcherContext | void,
  received: unknown,
  templateId: string,
  partialRequest?: PartialRequest,
): MatcherResult {
  const ctx = this ?? undefined;
  const invocations = sourceOf(received, 'toHaveCanceledJourney');
  const cancellations = cancellationsOf(received, 'toHaveCanceledJourney');
  checkTemplateId(templateId, 'toHaveCanceledJourney');
  const leaf = leafEquals(ctx);
  const canceled = new Set(cancellations.flatMap((c) => c.canceledRunIds));
  const matching = invocations.filter(
    (inv) => inv.templateId === templateId && (partialRequest === undefined || matchesPartial(inv.request, partialRequest, leaf)),
  );
  const hit = invocations.findIndex((inv) => matching.includes(inv) && canceled.has(inv.runId));
  const pass = hit >= 0;
  const withRequest = partialRequest === undefined ? ', ' : ` with a request matching\n  ${show(ctx, partialRequest)}\n`;
  return {
    pass,
    message: () => {
      const name = JSON.stringify(templateId);
      const lists = `${listInvocations(ctx, invocations)}\n\n${listCancellations(cancellations)}`;
      if (pass) {
        return `Expected journey ${name} not to have been invoked${withRequest}and then canceled, but the run of invocation #${hit + 1} was canceled.\n\n${lists}`;
      }
      const why = matching.length === 0 ? 'it was not invoked' : `none of its ${runs(matching.length)} was canceled`;
      return `Expected journey ${name} to have been invoked${withRequest}and then canceled, but ${why}.\n\n${lists}`;
    },
  };
}
