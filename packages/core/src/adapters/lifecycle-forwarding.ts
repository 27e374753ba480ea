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

/** Who forwards, for error messages: e.g. `req.journeys` and `journeys({ client })`, or `JourneysService` and `JourneysModule.forRoot({ client })`. */
export interface LifecycleOwner {
  /** What the caller calls, e.g. `req.journeys` or `JourneysService`. */
  caller: string;
  /** Where the client came from, e.g. `journeys({ client })`. */
  option: string;
}

type RunsMethod = keyof JourneyRuns;
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
        "(an invoke-only JourneysInvoker). Pass a JourneysClient (or the test kit's FakeJourneysClient), which implements cancel and runs.get/steps/list/waitFor",
    );
  }

  function runsMethod(name: RunsMethod): Callable | undefined {
    const runs = (client as { runs?: unknown }).runs;
    const method = runs !== null && typeof runs === 'object' ? (runs as Record<string, unknown>)[name] : undefined;
    return typeof method === 'function' ? (method as Callable).bind(runs) : undefined;
  }

  function callRuns<T>(name: RunsMethod, ...args: unknown[]): Promise<T> {
    const method = runsMethod(name);
    return method === undefined ? Promise.reject(missing(`runs.${name}`)) : (method(...args) as Promise<T>);
  }

  const runs: JourneyRuns = {
    get: (runId: string, options?: LifecycleCallOptions) => callRuns<JourneyRun>('get', runId, options),
    steps: (runId: string, options?: LifecycleCallOptions) => callRuns<JourneyRunStep[]>('steps', runId, options),
    waitFor: (runId: string, options?: WaitForRunOptions) => callRuns<JourneyRun>('waitFor', runId, options),
    list(filter?: JourneyRunsFilter, options?: LifecycleCallOptions): AsyncIterable<JourneyRun> {
      const method = runsMethod('list');
      if (method !== undefined) return method(filter, options) as AsyncIterable<JourneyRun>;
      // Like the client's own list: nothing happens until the loop asks for the first run.
      const error = missing('runs.list');
      return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) };
    },
  };

  return {
    cancel<R extends CancelRequest>(request: R, options?: CancelOptions): Promise<CancelResultOf<R>> {
      const cancel = (client as { cancel?: unknown }).cancel;
      if (typeof cancel !== 'function') return Promise.reject(missing('cancel'));
      return (cancel as Callable).call(client, request, options) as Promise<CancelResultOf<R>>;
    },
    runs,
  };
}
