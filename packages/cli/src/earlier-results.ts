/**
 * What the results file of an earlier run (`--out`, before this run overwrites it) says about each
 * key: whether that run started it, and with which runId. Courier answers a replayed key exactly as
 * it answered the first time and marks nothing (trycourier/docs `reference/idempotent-requests.mdx`),
 * so this is how a re-run tells its new runs from replays of runs the earlier run started.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** How a line that started now relates to the earlier run. */
export type EarlierOutcome = 'new' | 'replayed' | 'restarted';

/**
 * 8 bytes of SHA-256: memory stays at 16 bytes a line however long the file (a million lines,
 * 16 MB), and two keys share a digest with odds of about 1 in 10^7 at that size.
 */
function digest(text: string): bigint {
  return createHash('sha256').update(text).digest().readBigUInt64BE(0);
}

function sorted(values: bigint[]): BigUint64Array {
  return BigUint64Array.from(values).sort();
}

function has(values: BigUint64Array, value: bigint): boolean {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = values[mid] as bigint;
    if (at === value) return true;
    if (at < value) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** The started lines of an earlier results file, by key and by key and runId. */
export class EarlierResults {
  private constructor(
    /** The results file they came from. */
    readonly path: string,
    private readonly keys: BigUint64Array,
    private readonly runs: BigUint64Array,
  ) {}

  /**
   * Reads `path` when it exists (a line that is not a result is passed over); undefined when
   * there is no such file.
   *
   * @example
   * ```ts
   * const earlier = await EarlierResults.read('results.ndjson');
   * earlier?.outcome('journeykit-line1-…', '1-65f2…'); // 'replayed'
   * ```
   */
  static async read(path: string): Promise<EarlierResults | undefined> {
    const keys: bigint[] = [];
    const runs: bigint[] = [];
    // Only a regular file holds an earlier run's results (--out /dev/stdout, a FIFO: nothing to read back).
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() !== true) return undefined;
    const stream = createReadStream(path, { encoding: 'utf8' });
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      let result: { ok?: unknown; runId?: unknown; idempotencyKey?: unknown };
      try {
        result = JSON.parse(text) as typeof result;
      } catch {
        continue;
      }
      if (result?.ok !== true || typeof result.runId !== 'string' || typeof result.idempotencyKey !== 'string') continue;
      keys.push(digest(result.idempotencyKey));
      runs.push(digest(`${result.idempotencyKey}\n${result.runId}`));
    }
    return new EarlierResults(path, sorted(keys), sorted(runs));
  }

  /**
   * `replayed`: the earlier run started this key, and Courier answered the same run.
   * `restarted`: it started this key, but Courier answered another run (the key had expired).
   * `new`: the earlier run did not start it.
   */
  outcome(idempotencyKey: string, runId: string): EarlierOutcome {
    if (has(this.runs, digest(`${idempotencyKey}\n${runId}`))) return 'replayed';
    return has(this.keys, digest(idempotencyKey)) ? 'restarted' : 'new';
  }
}
