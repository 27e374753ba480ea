/**
 * `runs.list` as an async iterable: one page is fetched when the loop has used up the previous
 * one, so a `break` stops the requests, and memory holds one page at a time.
 */
import { JourneysApiError } from '../errors/errors.js';
import type { JourneyRun } from '../contract/journey-runs.js';

/** One page of runs and the cursor of the next, as `GET /journeys/runs` answers. */
export interface RunsPageResult {
  /** The page's runs, newest first. */
  runs: JourneyRun[];
  /** Where the next page starts; undefined on the last page. */
  next_cursor: string | undefined;
}

/**
 * Pages in a row that bring no run but point at another page before the walk is given up. Courier
 * may answer an empty page now and then (filters applied after paging); a server that never stops
 * doing so would otherwise be followed for ever.
 */
export const MAX_EMPTY_RUN_PAGES = 3;

/**
 * Cursors remembered to catch a server that sends one back: the last few, so that memory stays
 * flat however long the walk (a loop longer than this is still ended by the empty-page rule when
 * its pages are empty, and otherwise repeats runs the caller can see).
 */
const REMEMBERED_CURSORS = 64;

/**
 * Yields every run of every page, following `next_cursor` until a page has none. A server that
 * hands back a cursor it gave lately, or answers {@link MAX_EMPTY_RUN_PAGES} empty pages in a row
 * that each point further, ends the iteration with a `JourneysApiError` instead of looping.
 *
 * @example
 * ```ts
 * for await (const run of followRunPages((cursor) => fetchPage(cursor))) console.log(run.run_id);
 * ```
 */
export async function* followRunPages(
  fetchPage: (cursor: string | undefined) => Promise<RunsPageResult>,
): AsyncGenerator<JourneyRun, void, undefined> {
  const recent: string[] = [];
  let emptyInARow = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.runs;
    cursor = page.next_cursor;
    if (cursor === undefined) return;
    emptyInARow = page.runs.length === 0 ? emptyInARow + 1 : 0;
    if (emptyInARow >= MAX_EMPTY_RUN_PAGES) {
      throw new JourneysApiError(
        `Courier answered ${MAX_EMPTY_RUN_PAGES} pages in a row with no runs, each pointing to a next page; stopped listing runs to avoid following pages without end`,
        200,
        undefined,
      );
    }
    if (recent.includes(cursor)) {
      throw new JourneysApiError('Courier answered a next_cursor it had already given; stopped listing runs to avoid a loop', 200, undefined);
    }
    recent.push(cursor);
    if (recent.length > REMEMBERED_CURSORS) recent.shift();
  }
}
