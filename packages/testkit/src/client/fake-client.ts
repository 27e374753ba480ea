import {
  JourneysAbortError,
  JourneysConfigurationError,
  invokeMany,
  type JourneyId,
  type JourneyRequest,
  type TypedJourneysInvoker,
  type InvokeManyItems,
  type InvokeManyOptions,
  type InvokeManyResult,
  type InvokeOptions,
  type InvokeRequest,
  type InvokeResponse,
  type JourneysInvoker,
  type CancelOptions,
  type CancelRequest,
  type CancelResultOf,
  type JourneyRun,
  type JourneyRuns,
  type JourneyRunStatus,
  type JourneyRunStep,
  type JourneysError,
  type JourneysLifecycle,
  type JourneyDefinitionReads,
  JourneysApiError,
} from '@journeykit/core';
import {
  isJourneyCatalog,
  prepareInvocation,
  rejectUnknownOptions,
  type AnyJourneyCatalog,
  type PreparedInvocation,
} from '@journeykit/core/internal';
import { FakeLifecycleCalls, type FakeLifecycleCall } from './fake-lifecycle-calls.js';
import { JourneySettings, type FakeJourneys, type FakeJourneySettings } from '../model/journey-settings.js';
import { RunLifecycle, type FakeCancellation } from '../model/run-lifecycle.js';
import type { RunStatusScript } from '../model/run-status-script.js';
import { createIdSource, assertSeed, type IdSource } from '../model/ids.js';
import { describeMismatch, recordInvocation, type FakeInvocation } from '../model/invocation.js';
import { checkDefinitions, JourneyDefinitions, type FakeJourneyDefinition } from '../model/journey-definitions.js';
import { fakeDefinitionReads } from './fake-definition-reads.js';
import { TriggerSchemas } from '../model/trigger-schemas.js';
import { errorBody } from '../model/courier-errors.js';
import { ReplyScript, type FakeReplies } from '../model/reply-script.js';
import { checkClock, clockTimers, type FakeClock } from '../model/clock.js';

/** Options of {@link FakeJourneysClient}. */
export interface FakeJourneysClientOptions<C extends AnyJourneyCatalog | undefined = undefined> {
  /** A catalog from `defineJourneys()`: `invoke` is typed by it and checks `data` like `JourneysClient` does. */
  catalog?: C;
  /** Makes generated run ids (and idempotency keys) reproducible. Default: random. */
  seed?: number;
  /** Largest JSON body accepted, as `JourneysClient`'s option of the same name. Default 1 MiB. */
  maxRequestBytes?: number;
  /**
   * How each journey behaves after the invoke, keyed by template ID: its cancelation token rule
   * (default: the catalog entry's `cancelationToken`) and its statuses over time. Change one later
   * with `fake.setJourney()`.
   */
  journeys?: FakeJourneys;
  /** The statuses of runs whose journey has none in `journeys`. Default: PROCESSING until a cancel or `setRunStatus()` moves it. */
  runStatuses?: RunStatusScript;
  /**
   * Where the fake reads the time: run times and scripted statuses (`afterMs`); with timers (pg-boss's
   * `TestClock`), also `runs.waitFor`'s polls and timeout, so a test moves the clock instead of
   * waiting. Default `Date` and Node's timers. The same option as `startFakeCourier`'s and the outbox's.
   *
   * @example
   * ```ts
   * import { TestClock } from 'pg-boss';
   *
   * const clock = new TestClock();
   * const fake = new FakeJourneysClient({ clock, runStatuses: [{ status: 'PROCESSING' }, { status: 'PROCESSED', afterMs: 3_600_000 }] });
   * const { runId } = await fake.invoke('welcome', { user_id: 'u1' });
   * const finished = fake.runs.waitFor(runId, { timeoutMs: 2 * 3_600_000 });
   * await clock.tick(3_600_000); // an hour of polls, in no time
   * await expect(finished).resolves.toMatchObject({ status: 'PROCESSED' });
   * ```
   */
  clock?: FakeClock;
  /**
   * The journeys `fake.journeys.list/get/versions` answer, as the fake server's option of the same
   * name. An invoke whose `data` fails its journey's published trigger schema resolves with a runId,
   * and the run ends in ERROR at its trigger step, as in Courier (`invocations[i].triggerSchemaMismatch` says why).
   */
  journeyDefinitions?: readonly FakeJourneyDefinition[];
  /** True: such an invoke rejects with `JourneysApiError` 400 instead, as the fake server's strict mode answers. Default false. */
  strictTriggerSchemas?: boolean;
}

const OPTION_NAMES = [
  'catalog',
  'seed',
  'maxRequestBytes',
  'journeys',
  'runStatuses',
  'journeyDefinitions',
  'strictTriggerSchemas',
  'clock',
] as const satisfies readonly (keyof FakeJourneysClientOptions)[];

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * An in-memory {@link JourneysInvoker} for tests: no network, same validation as
 * `JourneysClient` (core's `prepareInvocation`, so the same inputs are rejected with the same
 * error classes), every run recorded in {@link FakeJourneysClient.invocations}.
 *
 * Idempotency follows Courier: a second call with an idempotency key that already produced a run
 * answers with the same `runId` and records nothing new. Scripted rejections are not remembered
 * against the key, so a caller's retry with the same key gets the next scripted reply.
 *
 * @example
 * ```ts
 * import { JourneysApiError } from '@journeykit/core';
 * import { FakeJourneysClient } from '@journeykit/testkit';
 *
 * const fake = new FakeJourneysClient({ seed: 1 });
 * fake.when('welcome').rejectOnce(new JourneysApiError('rate limited', 429, { message: 'Too Many Requests' }));
 *
 * await expect(signUp(fake, 'u1')).rejects.toThrow('rate limited');
 * await signUp(fake, 'u1');
 * expect(fake.invocations).toMatchObject([{ templateId: 'welcome', userId: 'u1' }]);
 * ```
 */
export class FakeJourneysClient<C extends AnyJourneyCatalog | undefined = undefined>
  implements JourneysInvoker, TypedJourneysInvoker<C>, JourneysLifecycle
{
  /** The catalog this fake checks calls against, if any. */
  readonly catalog: C;
  readonly #seed: number | undefined;
  readonly #maxRequestBytes: number | undefined;
  readonly #invocations: FakeInvocation[] = [];
  readonly #runIdByKey = new Map<string, string>();
  readonly #scripts = new Map<string, ReplyScript>();
  readonly #lifecycle: RunLifecycle;
  readonly #calls: FakeLifecycleCalls;
  #ids: IdSource;
  #untyped: JourneysInvoker | undefined;
  /**
   * The run reads, as on `JourneysClient`: `get`, `steps`, `list` (newest first, page by page) and
   * `waitFor` (really waits; wakes as soon as the run reaches a status in `until`).
   */
  readonly runs: JourneyRuns;
  /** The journey-definition reads, as on `JourneysClient`, from `journeyDefinitions`. */
  readonly journeys: JourneyDefinitionReads;
  readonly #schemas: TriggerSchemas;
  readonly #strictSchemas: boolean;

  constructor(options: FakeJourneysClientOptions<C> = {}) {
    if (options === null || typeof options !== 'object') throw new JourneysConfigurationError('FakeJourneysClient: options must be an object');
    rejectUnknownOptions('FakeJourneysClient', options, OPTION_NAMES);
    assertSeed(options.seed);
    const max = options.maxRequestBytes;
    if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
      throw new JourneysConfigurationError(`maxRequestBytes must be a positive whole number, got ${String(max)}`);
    }
    if (options.catalog !== undefined && !isJourneyCatalog(options.catalog)) {
      throw new JourneysConfigurationError('catalog must be made by defineJourneys()');
    }
    this.catalog = options.catalog as C;
    this.#seed = options.seed;
    this.#maxRequestBytes = max;
    this.#ids = createIdSource(options.seed);
    const settings = new JourneySettings(options.journeys, options.catalog, options.runStatuses);
    // No bound: an in-memory fake lives as long as one test.
    this.#lifecycle = new RunLifecycle(settings, Number.MAX_SAFE_INTEGER, () => this.#ids, checkClock('FakeJourneysClient', options.clock));
    this.#calls = new FakeLifecycleCalls(this.#lifecycle, clockTimers(options.clock));
    this.runs = this.#calls.runs;
    const definitions = new JourneyDefinitions(checkDefinitions(options.journeyDefinitions));
    this.journeys = fakeDefinitionReads(definitions);
    this.#schemas = new TriggerSchemas((templateId) => definitions.published(templateId));
    if (options.strictTriggerSchemas !== undefined && typeof options.strictTriggerSchemas !== 'boolean') {
      throw new JourneysConfigurationError(`strictTriggerSchemas must be true or false, got ${typeof options.strictTriggerSchemas}`);
    }
    this.#strictSchemas = options.strictTriggerSchemas ?? false;
    // Detached methods work, as on JourneysClient: `const { invoke } = fake`, `items.map(fake.invoke)`.
    this.invoke = this.invoke.bind(this);
    this.close = this.close.bind(this);
    this.cancel = this.cancel.bind(this);
  }

  /** The runs created so far, oldest first. */
  get invocations(): readonly FakeInvocation[] {
    return this.#invocations;
  }

  /** Validates like `JourneysClient`, then answers from the script for `templateId` (default: a new run). */
  invoke<K extends JourneyId<C>>(templateId: K, request: JourneyRequest<C, K>, options?: InvokeOptions): Promise<InvokeResponse> {
    return this.#invoke(templateId, request, options, this.catalog);
  }

  /** The same fake without the catalog, like `JourneysClient#untyped`: any template ID, no schema check. */
  get untyped(): JourneysInvoker {
    this.#untyped ??= { invoke: (templateId, request, options) => this.#invoke(templateId, request, options, undefined) };
    return this.#untyped;
  }

  #invoke(
    templateId: string,
    request: InvokeRequest,
    options: InvokeOptions | undefined,
    catalog: AnyJourneyCatalog | undefined,
  ): Promise<InvokeResponse> {
    let prepared: PreparedInvocation;
    try {
      prepared = prepareInvocation(templateId, request, options, this.#maxRequestBytes, catalog);
    } catch (err) {
      return Promise.reject(err);
    }
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(new JourneysAbortError({ cause: signal.reason }));

    const givenKey = options?.idempotencyKey;
    const replayed = givenKey === undefined ? undefined : this.#runIdByKey.get(givenKey);
    if (replayed !== undefined) return Promise.resolve({ runId: replayed });

    const reply = this.#scripts.get(prepared.templateId)?.next();
    if (reply?.kind === 'reject') return Promise.reject(reply.error());

    const wire = JSON.parse(prepared.body) as InvokeRequest;
    const mismatch = this.#schemas.check(prepared.templateId, wire.data);
    if (mismatch !== undefined && this.#strictSchemas) {
      const message = `Invalid request (strictTriggerSchemas): ${describeMismatch(prepared.templateId, mismatch)}`;
      return Promise.reject(
        new JourneysApiError(`Courier answered 400 for journey "${prepared.templateId}": ${message}`, 400, errorBody(400, message)),
      );
    }
    const runId = reply?.runId ?? this.#ids.runId();
    const idempotencyKey = givenKey ?? this.#ids.idempotencyKey();
    const invocation = recordInvocation(prepared, idempotencyKey, runId, new Date(this.#lifecycle.now()));
    if (mismatch !== undefined) invocation.triggerSchemaMismatch = mismatch;
    // A scripted runId used twice names one run: the first keeps its record.
    if (!this.#lifecycle.store.has(runId)) {
      const { token } = this.#lifecycle.startRun(prepared.templateId, invocation.request, runId, invocation.at, mismatch !== undefined);
      if (token !== undefined) invocation.cancelationToken = token;
    } else {
      const token = this.#lifecycle.store.tokenOf(runId);
      if (token !== undefined) invocation.cancelationToken = token;
    }
    this.#invocations.push(invocation);
    this.#runIdByKey.set(idempotencyKey, runId);
    return Promise.resolve({ runId });
  }

  /**
   * Cancels like Courier: by `cancelation_token`, every unfinished run of this fake sharing it
   * (resolves `{ cancelation_token }`); by `run_id`, that run (resolves `{ run_id, status }`:
   * `CANCELED`, or the finished status it kept). An unknown run rejects with
   * `JourneysRunNotFoundError`; an `idempotencyKey` used again gets the first answer.
   *
   * @example
   * ```ts
   * const fake = new FakeJourneysClient({ journeys: { 'order-reminder': { cancelationToken: (r) => `order-${String(r.data?.order_id)}` } } });
   * const { runId } = await fake.invoke('order-reminder', { user_id: 'u1', data: { order_id: 'o1' } });
   * await fake.cancel({ cancelation_token: 'order-o1' });
   * (await fake.runs.get(runId)).status; // 'CANCELED'
   * ```
   */
  cancel<R extends CancelRequest>(request: R, options?: CancelOptions): Promise<CancelResultOf<R>> {
    return this.#calls.cancel(request, options) as Promise<CancelResultOf<R>>;
  }

  /** Cancels accepted so far, oldest first (not replays, not rejected calls). */
  get cancellations(): readonly FakeCancellation[] {
    return this.#lifecycle.cancellations;
  }

  /** A run as `runs.get()` would resolve it right now, or undefined; synchronous, for assertions. */
  run(runId: string): JourneyRun | undefined {
    return this.#lifecycle.get(runId);
  }

  /** A run's steps right now, or undefined; synchronous, for assertions. */
  runSteps(runId: string): JourneyRunStep[] | undefined {
    return this.#lifecycle.steps(runId);
  }

  /**
   * Moves a run to any status now (its scripted statuses stop applying); a `waitFor` on it wakes
   * at once. Throws a JourneysConfigurationError for a run this fake did not create.
   *
   * @example
   * ```ts
   * fake.setRunStatus(runId, 'ERROR');
   * ```
   */
  setRunStatus(runId: string, status: JourneyRunStatus): JourneyRun {
    return this.#lifecycle.setRunStatus(runId, status);
  }

  /** Says how one journey behaves from now on (token rule, statuses); `reset()` goes back to the options. */
  setJourney(templateId: string, settings: FakeJourneySettings): void {
    this.#lifecycle.settings.set(templateId, settings);
  }

  /**
   * The next call of `call` rejects with `error` (queued: one per call), like a failure in front of
   * Courier; with an idempotency key, a cancel's retry then runs afresh.
   *
   * @example
   * ```ts
   * fake.rejectNext('cancel', new JourneysApiError('Service Unavailable', 503, {}));
   * ```
   */
  rejectNext(call: FakeLifecycleCall, error: JourneysError | (() => JourneysError)): void {
    this.#calls.rejectNext(call, error);
  }

  /** Like `JourneysClient#invokeMany` (core's `invokeMany` over this fake): same concurrency, rate, 429 pause and abort rules. */
  invokeMany(items: InvokeManyItems, options?: InvokeManyOptions): AsyncIterableIterator<InvokeManyResult> {
    return invokeMany(this, items, options);
  }

  /**
   * Scripts the replies for one template.
   *
   * @example
   * ```ts
   * fake.when('welcome').rejectOnce(new JourneysApiError('boom', 503, {})).resolveOnce('1-65f240a0-000000000000000000000001');
   * fake.when('digest').reject(() => new JourneysTimeoutError(30_000)); // every call
   * ```
   */
  when(templateId: string): FakeReplies {
    let script = this.#scripts.get(templateId);
    if (script === undefined) {
      script = new ReplyScript();
      this.#scripts.set(templateId, script);
    }
    return script;
  }

  /**
   * Forgets every run, cancel, idempotency key and script, and what `setJourney()` changed; a
   * seeded fake restarts its id sequence.
   */
  reset(): void {
    this.#invocations.length = 0;
    this.#runIdByKey.clear();
    this.#scripts.clear();
    this.#lifecycle.clear();
    this.#lifecycle.settings.reset();
    this.#calls.clear();
    this.#ids = createIdSource(this.#seed);
  }

  /** For `await using`: closes at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Resolves at once. Present so the fake can stand in wherever a `JourneysClient` is closed
   * (a Nest shutdown hook, `await using`); it keeps answering, so one fake can outlive an app.
   */
  close(): Promise<void> {
    return Promise.resolve();
  }

  /** What `util.inspect` shows: the number of runs, not their contents. */
  [inspectSymbol](): string {
    return `FakeJourneysClient { invocations: ${this.#invocations.length}, cancellations: ${this.#lifecycle.cancellations.length} }`;
  }
}
