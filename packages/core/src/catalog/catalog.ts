import { JourneysConfigurationError, JourneysValidationError, type ValidationIssue } from '../errors/errors.js';
import type { InferSchemaInput, StandardIssue, StandardSchemaV1 } from './standard-schema.js';
import type { InvokeRequest, InvokeResponse, InvokeOptions, JourneysInvoker } from '../contract/types.js';
import { thrownText } from '../shared/thrown-text.js';

/** What a catalog knows about one journey. */
export interface JourneyDefinition {
  /** Schema of the journey's `data` (zod, valibot, arktype: anything implementing Standard Schema). */
  data?: StandardSchemaV1;
  /**
   * How the journey's cancelation token is built from an invoke request: the same expression the
   * journey evaluates in Courier, so the app can cancel "the run for this order" with
   * `catalog.cancelationToken(templateId, request)`. Typed by the entry's request when the entry is
   * wrapped in {@link defineJourney} (or when the parameter is annotated).
   */
  // `never`: any one-parameter function fits here; `defineJourneys` checks it against the entry's request.
  cancelationToken?: (request: never) => unknown;
}

/** Journey definitions keyed by template ID or alias. */
export type JourneyDefinitions = Record<string, JourneyDefinition>;

const catalogBrand = Symbol.for('journeykit.catalog');

/**
 * A typed list of journeys, made by {@link defineJourneys}. Give it to a client, the Express
 * middleware, the Nest module or the test kit's fakes to get `invoke` typed by template ID.
 */
export interface JourneyCatalog<D extends JourneyDefinitions = JourneyDefinitions> {
  /** Marks a value made by `defineJourneys()`, so a plain object is not taken for a catalog. */
  readonly [catalogBrand]: true;
  /** The definitions as given. */
  readonly journeys: Readonly<D>;
  /** The template IDs the catalog declares. */
  readonly templateIds: readonly (keyof D & string)[];
  /** True when `templateId` is declared. */
  has(templateId: string): templateId is keyof D & string;
  /**
   * Checks a request against the journey's schema; returns the problems (empty when fine).
   * Issues point at `data.<path>` and name the journey. A `templateId` the catalog does not declare
   * throws a `JourneysConfigurationError`: a bug in the calling code, not bad input.
   */
  check(templateId: string, request: InvokeRequest): ValidationIssue[];
  /**
   * The cancelation token of journey `templateId` for `request`, built by the entry's
   * `cancelationToken` rule: give it to `cancel({ cancelation_token })`. `request` needs only what
   * the rule reads (its parameter's type). A journey without a rule is a `JourneysConfigurationError`;
   * a rule that throws or returns anything but a non-empty string is a `JourneysValidationError`.
   *
   * @example
   * ```ts
   * await client.cancel({ cancelation_token: catalog.cancelationToken('order-reminder', { data: { order_id } }) });
   * ```
   */
  cancelationToken<K extends CancelableJourneyId<D>>(templateId: K, request: CancelationTokenInput<D, K>): string;
}

/** Any catalog. */
export type AnyJourneyCatalog = JourneyCatalog<JourneyDefinitions>;

/**
 * Register your app's catalog once, and every adapter types itself by it: Express's
 * `req.journeys`, Nest's `JourneysService`. (The pattern TanStack Router uses for its router.)
 *
 * @example
 * ```ts
 * // journeys.ts
 * export const catalog = defineJourneys({ welcome: {}, 'order-shipped': { data: OrderShipped } });
 * declare module '@journeykit/core' {
 *   interface Register {
 *     catalog: typeof catalog;
 *   }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Register {}

/** The catalog given to {@link Register}, or `undefined` when none was registered. */
export type RegisteredCatalog = Register extends { catalog: infer C extends AnyJourneyCatalog } ? C : undefined;

/** Template IDs an invoker accepts: the catalog's, or any string without a catalog. */
export type JourneyId<C> = C extends JourneyCatalog<infer D> ? keyof D & string : string;

/** The template IDs of the catalog's journeys that have a `cancelationToken` rule. */
export type CancelableJourneyId<D> = {
  [K in keyof D & string]: D[K] extends { cancelationToken: (request: never) => unknown } ? K : never;
}[keyof D & string];

/** What `catalog.cancelationToken(templateId, request)` takes: the parameter of the journey's rule. */
export type CancelationTokenInput<D, K extends keyof D> = D[K] extends { cancelationToken: (request: infer R) => unknown } ? R : never;

/** The request a journey definition takes: its `data` schema's input, required when the schema requires it. */
export type DefinitionRequest<E> = Omit<InvokeRequest, 'data'> &
  (E extends { data: infer S extends StandardSchemaV1 }
    ? undefined extends InferSchemaInput<S>
      ? { data?: InferSchemaInput<S> }
      : { data: InferSchemaInput<S> }
    : { data?: Record<string, unknown> });

/** Each entry's `cancelationToken` rule, checked against that entry's request. */
export type CancelationTokenRules<D> = {
  [K in keyof D]: { cancelationToken?: (request: DefinitionRequest<D[K]>) => string };
};

/** The `data` a journey takes: its schema's input type, or any object when it declares no schema. */
export type JourneyData<C, K> =
  C extends JourneyCatalog<infer D>
    ? K extends keyof D
      ? D[K] extends { data: infer S extends StandardSchemaV1 }
        ? InferSchemaInput<S>
        : Record<string, unknown> | undefined
      : never
    : Record<string, unknown> | undefined;

/** The request for journey `K`: `data` is typed, and required when the schema requires it. */
export type JourneyRequest<C, K> = Omit<InvokeRequest, 'data'> &
  (undefined extends JourneyData<C, K> ? { data?: JourneyData<C, K> } : { data: JourneyData<C, K> });

/**
 * An invoker whose `invoke` is typed by a catalog: unknown template IDs and wrong `data` are compile
 * errors. Journeys outside the catalog stay callable through `untyped`.
 */
export interface TypedJourneysInvoker<C> {
  /**
   * Starts journey `templateId`, one the catalog declares, with `data` of its schema's type:
   * checked by the compiler and, before sending, by the schema at run time.
   */
  invoke<K extends JourneyId<C>>(templateId: K, request: JourneyRequest<C, K>, options?: InvokeOptions): Promise<InvokeResponse>;
  /** The escape hatch: an invoker that accepts any template ID and skips the catalog. */
  readonly untyped: JourneysInvoker;
}

function issuePath(path: StandardIssue['path']): (string | number)[] {
  const out: (string | number)[] = ['data'];
  for (const part of path ?? []) {
    const key = typeof part === 'object' && part !== null ? part.key : part;
    out.push(typeof key === 'number' ? key : String(key));
  }
  return out;
}

/**
 * Declares the journeys an app starts and the shape of their `data`, once. The same schemas type
 * `invoke` at compile time and check `data` at run time, before anything is sent.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { JourneysClient, defineJourneys } from '@journeykit/core';
 *
 * export const catalog = defineJourneys({
 *   'order-shipped': { data: z.object({ order_id: z.string(), eta: z.string() }) },
 *   welcome: {},
 * });
 * const journeys = new JourneysClient({ catalog });
 * await journeys.invoke('order-shipped', { user_id: 'u1', data: { order_id: 'o1', eta: 'tomorrow' } });
 * await journeys.untyped.invoke('beta-journey', { user_id: 'u1' }); // not in the catalog
 * ```
 */
export function defineJourneys<const D extends JourneyDefinitions>(journeys: D & NoInfer<CancelationTokenRules<D>>): JourneyCatalog<D> {
  if (journeys === null || typeof journeys !== 'object' || Array.isArray(journeys)) {
    throw new JourneysConfigurationError('defineJourneys() takes an object of journey definitions keyed by template ID');
  }
  for (const [id, def] of Object.entries(journeys)) {
    if (id === '' || id === '.' || id === '..') throw new JourneysConfigurationError(`defineJourneys(): "${id}" is not a valid template ID`);
    if (def === null || typeof def !== 'object')
      throw new JourneysConfigurationError(`defineJourneys(): the definition of "${id}" must be an object`);
    const schema = def.data;
    if (schema !== undefined && typeof schema?.['~standard']?.validate !== 'function') {
      throw new JourneysConfigurationError(`defineJourneys(): "${id}".data must be a Standard Schema (zod 4, valibot, arktype, ...)`);
    }
    if (def.cancelationToken !== undefined && typeof def.cancelationToken !== 'function') {
      throw new JourneysConfigurationError(
        `defineJourneys(): "${id}".cancelationToken must be a function of the request, e.g. (request) => \`order-\${request.data.order_id}\``,
      );
    }
  }
  const frozen = Object.freeze({ ...journeys });
  const templateIds = Object.freeze(Object.keys(frozen)) as readonly (keyof D & string)[];
  return Object.freeze({
    [catalogBrand]: true as const,
    journeys: frozen,
    templateIds,
    has: (templateId: string): templateId is keyof D & string => Object.hasOwn(frozen, templateId),
    check(templateId: string, request: InvokeRequest): ValidationIssue[] {
      if (!Object.hasOwn(frozen, templateId)) {
        // The code calls a journey its own catalog does not declare: a bug in this service, not bad
        // input from whoever it serves. A configuration error makes adapters answer 500 with a
        // fixed message, so the catalog listed here stays in the server's logs.
        throw new JourneysConfigurationError(
          `"${templateId}" is not in the journey catalog (known: ${templateIds.join(', ') || 'none'}); add it to defineJourneys() or call it through .untyped`,
          { notInCatalog: true },
        );
      }
      const schema = (frozen[templateId] as JourneyDefinition).data;
      if (schema === undefined) return [];
      let result: ReturnType<StandardSchemaV1['~standard']['validate']>;
      try {
        result = schema['~standard'].validate(request.data);
      } catch (err) {
        return [{ path: ['data'], message: `journey "${templateId}": the data schema threw: ${thrownText(err)}` }];
      }
      if (result instanceof Promise) {
        throw new JourneysConfigurationError(
          `the data schema of journey "${templateId}" is asynchronous; catalog schemas must validate synchronously`,
        );
      }
      if (result.issues === undefined) return [];
      return result.issues.map((issue) => ({
        path: issuePath(issue.path),
        message: `journey "${templateId}": ${issue.message}`,
      }));
    },
    cancelationToken(templateId: string, request: unknown): string {
      if (!Object.hasOwn(frozen, templateId)) {
        throw new JourneysConfigurationError(
          `catalog.cancelationToken(): "${templateId}" is not in the journey catalog (known: ${templateIds.join(', ') || 'none'})`,
          { notInCatalog: true },
        );
      }
      const rule = (frozen[templateId] as JourneyDefinition).cancelationToken as ((request: unknown) => unknown) | undefined;
      if (rule === undefined) {
        throw new JourneysConfigurationError(
          `journey "${templateId}" has no cancelationToken rule; add one to its definition in defineJourneys(), e.g. cancelationToken: (request) => \`order-\${request.data.order_id}\``,
        );
      }
      return buildCancelationToken(templateId, rule, request);
    },
  });
}

/**
 * Runs a journey's `cancelationToken` rule. A rule that throws, or returns anything but a
 * non-empty string, says the request lacks what the token is made of: bad input, nothing to send.
 * Shared with the test kit's fakes, which evaluate the same rules at invoke time.
 */
export function buildCancelationToken(templateId: string, rule: (request: unknown) => unknown, request: unknown): string {
  let token: unknown;
  try {
    token = rule(request);
  } catch (err) {
    const reason = thrownText(err);
    throw new JourneysValidationError(
      [{ path: ['cancelation_token'], message: `journey "${templateId}": the cancelationToken rule threw: ${reason}` }],
      templateId,
    );
  }
  if (typeof token !== 'string' || token === '') {
    const got = typeof token === 'string' ? 'an empty string' : token === null ? 'null' : typeof token;
    throw new JourneysValidationError(
      [
        {
          path: ['cancelation_token'],
          message: `journey "${templateId}": the cancelationToken rule returned ${got}; it must return a non-empty string`,
        },
      ],
      templateId,
    );
  }
  return token;
}

/**
 * One catalog entry whose `cancelationToken` rule is typed by the entry's own `data` schema
 * (TypeScript cannot infer that inside `defineJourneys({...})` without an annotation).
 *
 * @example
 * ```ts
 * const catalog = defineJourneys({
 *   'order-reminder': defineJourney({
 *     data: z.object({ order_id: z.string(), eta: z.string() }),
 *     cancelationToken: (request) => `order-${request.data.order_id}`,
 *   }),
 * });
 * catalog.cancelationToken('order-reminder', { data: { order_id: 'o-1', eta: 'soon' } }); // 'order-o-1'
 * ```
 */
export function defineJourney<
  const S extends StandardSchemaV1 | undefined = undefined,
  F extends (request: DefinitionRequest<{ data: S }>) => string = (request: DefinitionRequest<{ data: S }>) => string,
>(definition: { data?: S; cancelationToken: F }): { data: S; cancelationToken: F };
export function defineJourney<const S extends StandardSchemaV1 | undefined = undefined>(definition: { data?: S }): { data: S };
export function defineJourney(definition: JourneyDefinition): JourneyDefinition {
  return definition;
}

/** True for catalogs made by {@link defineJourneys} (also across copies of this package). */
export function isJourneyCatalog(value: unknown): value is AnyJourneyCatalog {
  return value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[catalogBrand] === true;
}
