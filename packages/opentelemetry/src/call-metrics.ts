import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import { METRIC_CALL_DURATION, METRIC_CALLS, METRIC_RETRIES } from './attributes.js';

/**
 * Bucket boundaries for call durations, in seconds: the HTTP semantic conventions' client
 * boundaries, extended to a minute because a call's retries and `Retry-After` waits count too.
 */
export const CALL_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];

/** The client's instruments, made once per telemetry. */
export interface CallMetrics {
  calls: Counter;
  duration: Histogram;
  retries: Counter;
}

export function createCallMetrics(meter: Meter): CallMetrics {
  return {
    calls: meter.createCounter(METRIC_CALLS, {
      description: 'Journey calls (invoke, cancel, run reads) by journey, kind and outcome',
      unit: '{call}',
    }),
    duration: meter.createHistogram(METRIC_CALL_DURATION, {
      description: 'Duration of journey calls, every attempt and backoff wait included',
      unit: 's',
      advice: { explicitBucketBoundaries: CALL_DURATION_BUCKETS },
    }),
    retries: meter.createCounter(METRIC_RETRIES, {
      description: 'Retries of journey calls by reason (connection, timeout, status)',
      unit: '{retry}',
    }),
  };
}

export type { Attributes };
