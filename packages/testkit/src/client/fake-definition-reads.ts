/**
 * `FakeJourneysClient.journeys`: the journey-definition reads answered from the same definitions
 * the fake server serves, checked by core's own input checks and paged by core's own loop, so the
 * fake accepts, rejects and pages as `JourneysClient` does against the fake server.
 */
import {
  JourneysAbortError,
  JourneysApiError,
  type JourneyDefinitionReads,
  type JourneyDetail,
  type JourneySummary,
  type JourneyVersion,
  type LifecycleCallOptions,
} from '@journeykit/core';
import { followCursorPages, journeyGetInput, journeysListQuery } from '@journeykit/core/internal';
import { errorBody } from '../model/courier-errors.js';
import type { DefinitionAnswer, JourneyDefinitions } from '../model/journey-definitions.js';

/** What `JourneysClient` throws for the answer: the body on success, `JourneysApiError` otherwise. */
function answered<T>(answer: DefinitionAnswer, subject: string): T {
  if (answer.message === undefined) return answer.body as T;
  throw new JourneysApiError(
    `Courier answered ${answer.status} for ${subject}: ${answer.message}`,
    answer.status,
    errorBody(answer.status, answer.message),
  );
}

function abortIfAborted(options: LifecycleCallOptions | undefined, call: 'journeys.list' | 'journeys.get' | 'journeys.versions'): void {
  if (options?.signal?.aborted) throw new JourneysAbortError({ cause: options.signal.reason, call });
}

/**
 * The reads over `definitions`.
 *
 * @example
 * ```ts
 * const reads = fakeDefinitionReads(new JourneyDefinitions([{ id: 'welcome', name: 'Welcome', nodes: [] }]));
 * await reads.get('welcome'); // { id: 'welcome', nodes: [], state: 'PUBLISHED', ... }
 * ```
 */
export function fakeDefinitionReads(definitions: JourneyDefinitions): JourneyDefinitionReads {
  const reads: JourneyDefinitionReads = {
    list(query, options) {
      let checked: string | undefined;
      return followCursorPages(async (cursor) => {
        checked ??= journeysListQuery(query, options);
        abortIfAborted(options, 'journeys.list');
        const params = new URLSearchParams(checked);
        if (cursor !== undefined) params.set('cursor', cursor);
        const page = answered<{ templates: JourneySummary[]; cursor?: string }>(definitions.list(params), 'the list of journeys');
        return { items: page.templates, next: page.cursor };
      }, 'journeys');
    },
    async get(templateId, query, options): Promise<JourneyDetail> {
      const input = journeyGetInput(templateId, query, options, 'journeys.get');
      abortIfAborted(options, 'journeys.get');
      return structuredClone(
        answered<JourneyDetail>(definitions.get(input.templateId, new URLSearchParams(input.query)), `journey "${input.templateId}"`),
      );
    },
    async versions(templateId, options): Promise<JourneyVersion[]> {
      const input = journeyGetInput(templateId, undefined, options, 'journeys.versions');
      abortIfAborted(options, 'journeys.versions');
      return answered<{ results: JourneyVersion[] }>(definitions.versions(input.templateId), `the versions of journey "${input.templateId}"`).results;
    },
  };
  return Object.freeze(reads);
}
