/**
 * What a fake knows about each journey beyond its request: how its cancelation token is built at
 * invoke time (as Courier evaluates the journey's token expression) and how its runs move through
 * statuses. Shared by the fake server and the fake client, so both behave the same.
 */
import { JourneysConfigurationError, JourneysValidationError, type InvokeRequest } from '@journeykit/core';
import { buildCancelationToken, isJourneyCatalog, type AnyJourneyCatalog } from '@journeykit/core/internal';
import { checkRunStatusScript, DEFAULT_RUN_STATUSES, type RunStatusScript, type ScheduledStatus } from './run-status-script.js';

/** How one journey behaves in a fake. */
export interface FakeJourneySettings {
  /**
   * Builds a run's cancelation token from the invoke request (the request as sent, `Date`s as
   * strings), like the token expression of the journey in Courier. Return `undefined` for no token.
   * Default: the `cancelationToken` rule of the catalog's entry, if any; else no token.
   */
  cancelationToken?: (request: InvokeRequest) => string | undefined;
  /** How its runs move through statuses over time. Default: the fake's `runStatuses`. */
  statuses?: RunStatusScript;
}

/** The per-journey settings a fake takes. */
export type FakeJourneys = Record<string, FakeJourneySettings>;

interface Checked {
  cancelationToken: ((request: InvokeRequest) => string | undefined) | undefined;
  statuses: ScheduledStatus[] | undefined;
}

function checkSettings(templateId: string, settings: unknown): Checked {
  const where = `journeys[${JSON.stringify(templateId)}]`;
  if (settings === null || typeof settings !== 'object')
    throw new JourneysConfigurationError(`${where} must be an object like { cancelationToken, statuses }`);
  const { cancelationToken, statuses } = settings as FakeJourneySettings;
  if (cancelationToken !== undefined && typeof cancelationToken !== 'function') {
    throw new JourneysConfigurationError(
      `${where}.cancelationToken must be a function of the invoke request, e.g. (request) => \`order-\${request.data?.order_id}\``,
    );
  }
  return { cancelationToken, statuses: statuses === undefined ? undefined : checkRunStatusScript(statuses, `${where}.statuses`) };
}

/** A run's token as worked out at invoke time; `error` says why a rule gave none. */
export interface TokenOutcome {
  token: string | undefined;
  error: string | undefined;
}

export class JourneySettings {
  readonly #journeys = new Map<string, Checked>();
  readonly #initial: Map<string, Checked>;
  readonly #catalog: AnyJourneyCatalog | undefined;
  readonly #defaultStatuses: ScheduledStatus[];

  constructor(journeys: FakeJourneys | undefined, catalog: AnyJourneyCatalog | undefined, runStatuses: RunStatusScript | undefined) {
    if (journeys !== undefined && (journeys === null || typeof journeys !== 'object' || Array.isArray(journeys))) {
      throw new JourneysConfigurationError('journeys must be an object keyed by template ID, like { welcome: { statuses: [...] } }');
    }
    if (catalog !== undefined && !isJourneyCatalog(catalog)) throw new JourneysConfigurationError('catalog must be made by defineJourneys()');
    this.#catalog = catalog;
    this.#defaultStatuses = checkRunStatusScript(runStatuses ?? DEFAULT_RUN_STATUSES, 'runStatuses');
    for (const [templateId, settings] of Object.entries(journeys ?? {})) this.#journeys.set(templateId, checkSettings(templateId, settings));
    this.#initial = new Map(this.#journeys);
  }

  /** Replaces the settings of one journey (what is not given falls back to the catalog and the defaults). */
  set(templateId: string, settings: FakeJourneySettings): void {
    if (typeof templateId !== 'string' || templateId === '') throw new JourneysConfigurationError('the template ID must be a non-empty string');
    this.#journeys.set(templateId, checkSettings(templateId, settings));
  }

  /** The statuses a new run of `templateId` goes through. */
  statusesFor(templateId: string): ScheduledStatus[] {
    return this.#journeys.get(templateId)?.statuses ?? this.#defaultStatuses;
  }

  /**
   * Evaluates the journey's token rule on the request as sent. A rule that throws or returns
   * something other than a non-empty string gives no token (as an expression Courier cannot
   * evaluate), and `error` says why, for the fake's log.
   */
  tokenFor(templateId: string, request: InvokeRequest): TokenOutcome {
    const own = this.#journeys.get(templateId)?.cancelationToken;
    const catalogRule =
      this.#catalog !== undefined && this.#catalog.has(templateId)
        ? (this.#catalog.journeys[templateId]?.cancelationToken as ((request: unknown) => unknown) | undefined)
        : undefined;
    const rule = own ?? catalogRule;
    if (rule === undefined) return { token: undefined, error: undefined };
    let gaveNone = false;
    const noneAllowed = (r: unknown): unknown => {
      const value = rule(r as InvokeRequest);
      // A test's own rule may say "no token" with undefined; anything else must be a token.
      gaveNone = own !== undefined && value === undefined;
      return gaveNone ? 'none' : value;
    };
    try {
      const token = buildCancelationToken(templateId, noneAllowed, request);
      return { token: gaveNone ? undefined : token, error: undefined };
    } catch (err) {
      const issue = err instanceof JourneysValidationError ? err.issues[0]?.message : undefined;
      return { token: undefined, error: issue ?? String(err) };
    }
  }

  /** Back to the settings the fake was made with (what `set()` changed is forgotten). */
  reset(): void {
    this.#journeys.clear();
    for (const [templateId, checked] of this.#initial) this.#journeys.set(templateId, checked);
  }
}
