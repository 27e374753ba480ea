import { JourneysConfigurationError } from '../errors/errors.js';
import type {
  CancelOptions,
  CancelRequest,
  CancelResultOf,
  JourneyRun,
  JourneyRuns,
  JourneyRunsFilter,
  JourneyRunStep,
  JourneysLifecycle,
  LifecycleCallOptions,
  WaitForRunOptions,
} from '../contract/journey-runs.js';
import type { JourneyDefinitionReads } from '../contract/journey-definitions.js';

/** Who forwards, for error messages: e.g. `req.journeys` and `journeys({ client })`, or `JourneysService` and `JourneysModule.forRoot({ client })`. */
export interface LifecycleOwner {
  /** What the caller calls, e.g. `req.journeys` or `JourneysService`. */
  caller: string;
  /** Where the client came from, e.g. `journeys({ client })`. */
  option: string;
}

type RunsMethod = keyof JourneyRuns;
type ReadsMethod = keyof JourneyDefinitionReads;
type Callable = (...args: unknown[]) => unknown;

/**
 * The lifecycle calls of an adapter (`req.journeys`, `JourneysService`): each goes to the same
 * method of the client behind it. No identity is merged: a run is named by its id or its
 * cancelation token, not by a user. The method is looked up at call time, so an invoke-only
 * `JourneysInvoker` still works for `invoke`, and a lifecycle call on it fails with a
 * configuration error that names the method and the fix instead of a `TypeError`.
 *
 * @example
 * ```ts
 * const lifecycle = forwardLifecycle(client, { caller: 'req.journeys', option: 'journeys({ client })' });
 * await lifecycle.cancel({ cancelation_token: 'order-42' });
 * ```
 */
export function forwardLifecycle(client: unknown, names: LifecycleOwner): JourneysLifecycle {
  function missing(method: string): JourneysConfigurationError {
    return new JourneysConfigurationError(
      `${names.caller}.${method}() needs a client that implements it: the client given to ${names.option} has no ${method}() ` +
        "(an invoke-only JourneysInvoker). Pass a JourneysClient (or the test kit's FakeJourneysClient), which implements cancel, runs.get/steps/list/waitFor and journeys.list/get/versions",
    );
  }

  function groupMethod(group: 'runs' | 'journeys', name: RunsMethod | ReadsMethod): Callable | undefined {
    const owner = (client as Record<string, unknown>)[group];
    const method = owner !== null && typeof owner === 'object' ? (owner as Record<string, unknown>)[name] : undefined;
    return typeof method === 'function' ? (method as Callable).bind(owner) : undefined;
  }

  function call<T>(group: 'runs' | 'journeys', name: RunsMethod | ReadsMethod, ...args: unknown[]): Promise<T> {
    const method = groupMethod(group, name);
    return method === undefined ? Promise.reject(missing(`${group}.${name}`)) : (method(...args) as Promise<T>);
  }

  function iterate<T>(group: 'runs' | 'journeys', ...args: unknown[]): AsyncIterable<T> {
    const method = groupMethod(group, 'list');
    if (method !== undefined) return method(...args) as AsyncIterable<T>;
    // Like the client's own list: nothing happens until the loop asks for the first item.
    const error = missing(`${group}.list`);
    return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) };
  }

  const runs: JourneyRuns = {
    get: (runId: string, options?: LifecycleCallOptions) => call<JourneyRun>('runs', 'get', runId, options),
    steps: (runId: string, options?: LifecycleCallOptions) => call<JourneyRunStep[]>('runs', 'steps', runId, options),
    waitFor: (runId: string, options?: WaitForRunOptions) => call<JourneyRun>('runs', 'waitFor', runId, options),
    list: (filter?: JourneyRunsFilter, options?: LifecycleCallOptions) => iterate<JourneyRun>('runs', filter, options),
  };

  const journeys: JourneyDefinitionReads = {
    get: (templateId, query, options) => call('journeys', 'get', templateId, query, options),
    versions: (templateId, options) => call('journeys', 'versions', templateId, options),
    list: (query, options) => iterate('journeys', query, options),
  };

  return {
    cancel<R extends CancelRequest>(request: R, options?: CancelOptions): Promise<CancelResultOf<R>> {
      const cancel = (client as { cancel?: unknown }).cancel;
      if (typeof cancel !== 'function') return Promise.reject(missing('cancel'));
      return (cancel as Callable).call(client, request, options) as Promise<CancelResultOf<R>>;
    },
    runs,
    journeys,
  };
}
