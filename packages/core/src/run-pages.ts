/**
 * `runs.list` as an async iterable: one page is fetched when the loop has used up the previous
 * one, so a `break` stops the requests, and memory holds one page at a time.
 */
import { JourneysApiError } from './errors.js';
import type { JourneyRun } from './journey-runs.js';

/** One page of runs and the cursor of the next, as `GET /journeys/runs` answers. */
export interface RunsPageResult {
  /** The page's runs, newest first. */
  runs: JourneyRun[];
  /** Where the next page starts; undefined on the last page. */
  next_cursor: string | undefined;
}

/**
 * Yields every run of every page, following `next_cursor` until a page has none. A server that
 * hands back a cursor it already gave would loop forever: that ends the iteration with an error.
 *
 * @example
 * ```ts
 * for await (const run of followRunPages((cursor) => fetchPage(cursor))) console.log(run.run_id);
 * ```
 */
export async function* followRunPages(
  fetchPage: (cursor: string | undefined) => Promise<RunsPageResult>,
): AsyncGenerator<JourneyRun, void, undefined> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.runs;
    cursor = page.next_cursor;
    if (cursor === undefined) return;
    if (seen.has(cursor)) {
      throw new JourneysApiError('Courier answered a next_cursor it had already given; stopped listing runs to avoid a loop', 200, undefined);
    }
    seen.add(cursor);
  }
}
