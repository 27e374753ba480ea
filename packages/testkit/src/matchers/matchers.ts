/**
 * The journey matchers, free of any vitest import so the main entry never loads vitest. They
 * accept anything with an `invocations` array: a FakeJourneysClient or a FakeCourierServer.
 */
import { isDeepStrictEqual, inspect } from 'node:util';
import { JourneysConfigurationError, type InvokeRequest } from '@journeykit/core';
import { describeMismatch, type FakeInvocation } from '../model/invocation.js';

/** Something whose runs can be asserted on: a FakeJourneysClient or a FakeCourierServer. */
export interface InvocationSource {
  /** The runs to assert on, oldest first. */
  readonly invocations: readonly FakeInvocation[];
}

/** A partial request, matched recursively like `toMatchObject`; asymmetric matchers allowed. */
export type PartialRequest = DeepPartial<InvokeRequest>;
type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** What the matchers use from the test runner's matcher context (vitest's or jest's), when there is one. */
export interface MatcherContext {
  isNot?: boolean;
  equals?: (a: unknown, b: unknown, ...rest: never[]) => boolean;
  customTesters?: unknown;
  utils?: { stringify?: (value: unknown, maxDepth?: number, options?: { min?: boolean; compareKeys?: null }) => string };
}

/** What a matcher returns to `expect`. */
export interface MatcherResult {
  /** Whether the assertion held. */
  pass: boolean;
  /** Explains the result: what was expected and what was invoked. */
  message: () => string;
}

const MAX_LISTED = 20;

export function sourceOf(received: unknown, matcher: string): readonly FakeInvocation[] {
  const invocations = (received as Partial<InvocationSource> | null | undefined)?.invocations;
  if (!Array.isArray(invocations)) {
    throw new JourneysConfigurationError(
      `${matcher}() needs a FakeJourneysClient or a FakeCourierServer (anything with an invocations array), got ${inspect(received, { depth: 0 })}`,
    );
  }
  return invocations;
}

export function checkTemplateId(templateId: unknown, matcher: string): asserts templateId is string {
  if (typeof templateId !== 'string')
    throw new JourneysConfigurationError(`${matcher}() needs the template ID as a string, got ${inspect(templateId)}`);
}

function isAsymmetric(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === 'function';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `toMatchObject` semantics: objects match on the expected keys, arrays element by element. */
export function matchesPartial(actual: unknown, expected: unknown, leaf: (a: unknown, e: unknown) => boolean): boolean {
  if (isAsymmetric(expected)) return leaf(actual, expected);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matchesPartial(actual[i], e, leaf));
  }
  if (isPlainObject(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.keys(expected).every((k) => Object.hasOwn(actual, k) && matchesPartial((actual as Record<string, unknown>)[k], expected[k], leaf));
  }
  return leaf(actual, expected);
}

export function leafEquals(ctx: MatcherContext | undefined): (a: unknown, e: unknown) => boolean {
  const equals = ctx?.equals;
  if (typeof equals === 'function') {
    return (a, e) => (equals as (a: unknown, b: unknown, testers?: unknown) => boolean).call(ctx, a, e, ctx?.customTesters);
  }
  return (a, e) => (isAsymmetric(e) ? Boolean((e as { asymmetricMatch(v: unknown): unknown }).asymmetricMatch(a)) : isDeepStrictEqual(a, e));
}

export function show(ctx: MatcherContext | undefined, value: unknown): string {
  const stringify = ctx?.utils?.stringify;
  // One line per value, keys in the order the request has them.
  if (typeof stringify === 'function') return stringify(value, 10, { min: true, compareKeys: null });
  return inspect(value, { depth: 10, breakLength: Infinity });
}

function times(n: number): string {
  return `${n} time${n === 1 ? '' : 's'}`;
}

export function listInvocations(ctx: MatcherContext | undefined, invocations: readonly FakeInvocation[]): string {
  if (invocations.length === 0) return 'Invocations: none';
  const lines = invocations.slice(0, MAX_LISTED).map((inv, i) => {
    const line = `  #${i + 1} ${JSON.stringify(inv.templateId)} ${show(ctx, inv.request)}`;
    const mismatch = inv.triggerSchemaMismatch;
    return mismatch === undefined ? line : `${line}\n     run ERROR: ${describeMismatch(inv.templateId, mismatch)}`;
  });
  if (invocations.length > MAX_LISTED) lines.push(`  ... and ${invocations.length - MAX_LISTED} more`);
  return `Invocations (${invocations.length}):\n${lines.join('\n')}`;
}

/**
 * Passes when `templateId` was invoked, with a request matching `partialRequest` if given
 * (recursively, like `toMatchObject`). Registered by importing `@journeykit/testkit/vitest`.
 *
 * @example
 * ```ts
 * expect(fake).toHaveInvokedJourney('welcome', { user_id: 'u1', data: { plan: expect.any(String) } });
 * expect(server).not.toHaveInvokedJourney('goodbye');
 * ```
 */
export function toHaveInvokedJourney(
  this: MatcherContext | void,
  received: unknown,
  templateId: string,
  partialRequest?: PartialRequest,
): MatcherResult {
  const ctx = this ?? undefined;
  const invocations = sourceOf(received, 'toHaveInvokedJourney');
  checkTemplateId(templateId, 'toHaveInvokedJourney');
  const leaf = leafEquals(ctx);
  const ofTemplate = invocations.filter((inv) => inv.templateId === templateId);
  const hit = invocations.findIndex(
    (inv) => inv.templateId === templateId && (partialRequest === undefined || matchesPartial(inv.request, partialRequest, leaf)),
  );
  const pass = hit >= 0;
  // "…invoked, but …" reads well alone; after a multi-line request, "but" starts its own line.
  const matching = partialRequest === undefined ? ', ' : ` with a request matching\n  ${show(ctx, partialRequest)}\n`;
  return {
    pass,
    message: () => {
      const name = JSON.stringify(templateId);
      if (pass) {
        return `Expected journey ${name} not to have been invoked${matching}but invocation #${hit + 1} was.\n\n${listInvocations(ctx, invocations)}`;
      }
      const why =
        ofTemplate.length === 0 ? 'it was not invoked' : `none of its ${ofTemplate.length} invocation${ofTemplate.length === 1 ? '' : 's'} matched`;
      return `Expected journey ${name} to have been invoked${matching}but ${why}.\n\n${listInvocations(ctx, invocations)}`;
    },
  };
}

/**
 * Passes when `templateId` was invoked exactly `expected` times (runs, so idempotent replays do
 * not count). Registered by importing `@journeykit/testkit/vitest`.
 *
 * @example
 * ```ts
 * expect(fake).toHaveInvokedJourneyTimes('welcome', 1);
 * ```
 */
export function toHaveInvokedJourneyTimes(this: MatcherContext | void, received: unknown, templateId: string, expected: number): MatcherResult {
  const ctx = this ?? undefined;
  const invocations = sourceOf(received, 'toHaveInvokedJourneyTimes');
  checkTemplateId(templateId, 'toHaveInvokedJourneyTimes');
  if (!Number.isInteger(expected) || expected < 0) {
    throw new JourneysConfigurationError(`toHaveInvokedJourneyTimes() needs a whole number >= 0, got ${inspect(expected)}`);
  }
  const count = invocations.filter((inv) => inv.templateId === templateId).length;
  const pass = count === expected;
  return {
    pass,
    message: () => {
      const name = JSON.stringify(templateId);
      const head = pass
        ? `Expected journey ${name} not to have been invoked ${times(expected)}, but it was.`
        : `Expected journey ${name} to have been invoked ${times(expected)}, but it was invoked ${times(count)}.`;
      return `${head}\n\n${listInvocations(ctx, invocations)}`;
    },
  };
}
