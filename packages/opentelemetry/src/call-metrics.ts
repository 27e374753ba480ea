import type { Attributes, Histogram, Meter, ObservableResult } from '@opentelemetry/api';
import {
  ATTR_CALL_KIND,
  ATTR_ERROR_TYPE,
  ATTR_JOURNEY,
  ATTR_OUTCOME,
  ATTR_RETRY_REASON,
  METRIC_CALL_DURATION,
  METRIC_CALLS,
  METRIC_RETRIES,
} from './attributes.js';

/**
 * Bucket boundaries for call durations, in seconds: the HTTP semantic conventions' client
 * boundaries, extended to a minute because a call's retries and `Retry-After` waits count too.
 */
export const CALL_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];

/**
 * Distinct attribute sets kept per metric; the rest share one overflow set. The SDK's default
 * cardinality limit is 2,000 points with its overflow point among them, so 1,999 and ours make 2,000:
 * with 2,000 sets and ours, the SDK folded a real set into its own overflow point.
 */
const MAX_ATTRIBUTE_SETS = 1999;
const OVERFLOW: Attributes = Object.freeze({ 'otel.metric.overflow': true });

/** One attribute set: its attributes, made once, and the count of what happened with them. */
interface Entry {
  attributes: Attributes;
  count: number;
}

/**
 * Counts per attribute set, at most {@link MAX_ATTRIBUTE_SETS} of them; the rest count under one overflow set.
 * Sets are found by their three parts in nested maps, not by a key string joined per call: joining and
 * hashing a new string on every call was the largest cost of the tallies (`pnpm bench:telemetry`, profiled).
 */
class Tally {
  readonly #entries = new Map<string, Map<string | undefined, Map<string | undefined, Entry>>>();
  #size = 0;
  #overflow: Entry | undefined;

  /** `attributesOf` makes a set's attributes from its parts, the first time the set is seen. */
  constructor(private readonly attributesOf: (kind: string, journey: string | undefined, last: string | undefined) => Attributes) {}

  /** The set for these parts. */
  entry(kind: string, journey: string | undefined, last: string | undefined): Entry {
    let byJourney = this.#entries.get(kind);
    if (byJourney === undefined) this.#entries.set(kind, (byJourney = new Map()));
    let byLast = byJourney.get(journey);
    if (byLast === undefined) byJourney.set(journey, (byLast = new Map()));
    let entry = byLast.get(last);
    if (entry === undefined) {
      if (this.#size < MAX_ATTRIBUTE_SETS) {
        entry = { attributes: Object.freeze(this.attributesOf(kind, journey, last)), count: 0 };
        this.#size++;
      } else {
        entry = this.#overflow ??= { attributes: OVERFLOW, count: 0 };
      }
      byLast.set(last, entry);
    }
    return entry;
  }

  /** Reports the totals: an observable counter is cumulative, the SDK works out deltas if the exporter wants them. */
  readonly observe = (result: ObservableResult): void => {
    for (const byJourney of this.#entries.values()) {
      for (const byLast of byJourney.values()) {
        for (const entry of byLast.values()) if (entry !== this.#overflow) result.observe(entry.count, entry.attributes);
      }
    }
    if (this.#overflow !== undefined) result.observe(this.#overflow.count, OVERFLOW);
  };
}

/**
 * The client's metrics. Counts are tallied here and read by observable counters at each collection:
 * a synchronous counter would have the SDK hash the attributes on every call, which was the largest
 * single cost of recording a call (measured with `pnpm bench:telemetry`). Durations are a histogram,
 * recorded with an attribute object made once per attribute set.
 */
export class CallMetrics {
  readonly #calls = new Tally((kind, journey, code) => {
    const attributes: Attributes = { [ATTR_CALL_KIND]: kind };
    if (journey !== undefined) attributes[ATTR_JOURNEY] = journey;
    attributes[ATTR_OUTCOME] = code === undefined ? 'success' : 'failure';
    if (code !== undefined) attributes[ATTR_ERROR_TYPE] = code;
    return attributes;
  });
  readonly #retries = new Tally((kind, journey, reason) => {
    const attributes: Attributes = { [ATTR_CALL_KIND]: kind };
    if (journey !== undefined) attributes[ATTR_JOURNEY] = journey;
    attributes[ATTR_RETRY_REASON] = reason;
    return attributes;
  });
  readonly #duration: Histogram;

  constructor(meter: Meter) {
    meter
      .createObservableCounter(METRIC_CALLS, {
        description: 'Journey calls (invoke, cancel, run reads) by journey, kind and outcome',
        unit: '{call}',
      })
      .addCallback(this.#calls.observe);
    meter
      .createObservableCounter(METRIC_RETRIES, { description: 'Retries of journey calls by reason (connection, timeout, status)', unit: '{retry}' })
      .addCallback(this.#retries.observe);
    this.#duration = meter.createHistogram(METRIC_CALL_DURATION, {
      description: 'Duration of journey calls, every attempt and backoff wait included',
      unit: 's',
      advice: { explicitBucketBoundaries: CALL_DURATION_BUCKETS },
    });
  }

  /** A call ended: `code` is the journeykit error code of a failure. */
  ended(kind: string, journey: string | undefined, code: string | undefined, seconds: number): void {
    const entry = this.#calls.entry(kind, journey, code);
    entry.count++;
    this.#duration.record(seconds, entry.attributes);
  }

  /** A retry follows. */
  retried(kind: string, journey: string | undefined, reason: string): void {
    const entry = this.#retries.entry(kind, journey, reason);
    entry.count++;
  }
}
