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

/** Distinct attribute sets kept per metric, as the SDK's default cardinality limit; the rest share one overflow set. */
const MAX_ATTRIBUTE_SETS = 2000;
const OVERFLOW: Attributes = Object.freeze({ 'otel.metric.overflow': true });

/** One attribute set: its attributes, made once, and the count of what happened with them. */
interface Entry {
  attributes: Attributes;
  count: number;
}

/** Counts per attribute set, at most {@link MAX_ATTRIBUTE_SETS} of them; the rest count under one overflow set. */
class Tally {
  readonly #entries = new Map<string, Entry>();
  #overflow: Entry | undefined;

  get(key: string): Entry | undefined {
    return this.#entries.get(key);
  }

  create(key: string, attributes: Attributes): Entry {
    const entry =
      this.#entries.size < MAX_ATTRIBUTE_SETS
        ? { attributes: Object.freeze(attributes), count: 0 }
        : (this.#overflow ??= { attributes: OVERFLOW, count: 0 });
    this.#entries.set(key, entry);
    return entry;
  }

  /** Reports the totals: an observable counter is cumulative, the SDK works out deltas if the exporter wants them. */
  readonly observe = (result: ObservableResult): void => {
    for (const entry of this.#entries.values()) if (entry !== this.#overflow) result.observe(entry.count, entry.attributes);
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
  readonly #calls = new Tally();
  readonly #retries = new Tally();
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
    const key = `${kind}\u0000${journey ?? ''}\u0000${code ?? ''}`;
    let entry = this.#calls.get(key);
    if (entry === undefined) {
      const attributes: Attributes = { [ATTR_CALL_KIND]: kind };
      if (journey !== undefined) attributes[ATTR_JOURNEY] = journey;
      attributes[ATTR_OUTCOME] = code === undefined ? 'success' : 'failure';
      if (code !== undefined) attributes[ATTR_ERROR_TYPE] = code;
      entry = this.#calls.create(key, attributes);
    }
    entry.count++;
    this.#duration.record(seconds, entry.attributes);
  }

  /** A retry follows. */
  retried(kind: string, journey: string | undefined, reason: string): void {
    const key = `${kind}\u0000${journey ?? ''}\u0000${reason}`;
    let entry = this.#retries.get(key);
    if (entry === undefined) {
      const attributes: Attributes = { [ATTR_CALL_KIND]: kind };
      if (journey !== undefined) attributes[ATTR_JOURNEY] = journey;
      attributes[ATTR_RETRY_REASON] = reason;
      entry = this.#retries.create(key, attributes);
    }
    entry.count++;
  }
}
