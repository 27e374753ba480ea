/**
 * `client.journeys`: the journey-definition reads, each page or read one call through the request
 * pipeline, input checked before anything is sent.
 */
import type { JourneyDefinitionReads, JourneyDetail, JourneyVersion } from '../contract/journey-definitions.js';
import type { LifecycleCallOptions } from '../contract/journey-runs.js';
import { journeyGetInput, journeysListQuery } from '../input/lifecycle-input.js';
import type { RequestPipeline } from '../pipeline/request-pipeline.js';
import { journeyGetCall, journeysPageCall, journeyVersionsPageCall } from './endpoints.js';
import { followCursorPages } from './run-pages.js';

/**
 * The reads of one client's pipeline.
 *
 * @example
 * ```ts
 * const journeys = readJourneyDefinitions(pipeline);
 * const welcome = await journeys.get('welcome');
 * ```
 */
export function readJourneyDefinitions(pipeline: RequestPipeline): JourneyDefinitionReads {
  return {
    list(query, options) {
      let checked: string | undefined;
      return followCursorPages(
        (cursor) =>
          pipeline.call(
            'journeys.list',
            {},
            () => {
              checked ??= journeysListQuery(query, options);
              return journeysPageCall(checked, cursor);
            },
            options,
          ),
        'journeys',
      );
    },
    get(templateId, query, options): Promise<JourneyDetail> {
      return pipeline.call(
        'journeys.get',
        { templateId },
        () => {
          const input = journeyGetInput(templateId, query, options, 'journeys.get');
          return journeyGetCall(input.templateId, input.query);
        },
        options,
      );
    },
    async versions(templateId: string, options?: LifecycleCallOptions): Promise<JourneyVersion[]> {
      const all: JourneyVersion[] = [];
      const pages = followCursorPages(
        (cursor) =>
          pipeline.call(
            'journeys.versions',
            { templateId },
            () => journeyVersionsPageCall(journeyGetInput(templateId, undefined, options, 'journeys.versions').templateId, cursor),
            options,
          ),
        'versions',
      );
      for await (const version of pages) all.push(version);
      return all;
    },
  };
}
