import type { InvokeRequest } from '@journeykit/core';

/**
 * What the outbox stores per invocation (pg-boss job data). `v` versions the shape so a newer
 * worker can still deliver what an older release stored.
 */
export interface OutboxJobData {
  v: 1;
  templateId: string;
  /** The request exactly as validated at enqueue (the JSON that goes on the wire). */
  request: InvokeRequest;
  idempotencyKey: string;
  /** Resolved user, for events and dead-letter listings without reading `request`. */
  userId: string | null;
  /** Epoch ms after which a transient failure is dead-lettered instead of retried. */
  horizonEndsAt: number;
  /** Epoch ms sent as `X-Idempotency-Expiration`: after the horizon, with a margin. */
  keyExpiresAt: number;
  /** How many times a dead letter of this invocation was replayed. */
  replays?: number;
  /**
   * Whether the key may have reached Courier before this job was stored (a replay that keeps its
   * key: true; a new key, or a job renewed before its first send: false). Unset on a first job, and
   * read as true on a replay stored by a release that did not write it.
   */
  keySent?: boolean;
}

/**
 * Whether this job's key has certainly never reached Courier. pg-boss 12 adds one to `retry_count`
 * on every claim but the first (`retry_count = CASE WHEN started_on IS NOT NULL THEN retry_count + 1`
 * in its fetch, kept by its fail and expiry paths), so a job at 0 was never claimed before: no
 * earlier attempt, not even one whose worker died mid-request, can have sent its key.
 */
export function keyNeverSent(retryCount: number, data: OutboxJobData): boolean {
  return retryCount === 0 && !(data.keySent ?? (data.replays ?? 0) > 0);
}

/** Reads job data defensively: a row edited by hand must fail one job, not crash the worker. */
export function readJobData(data: unknown): OutboxJobData | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const d = data as Partial<OutboxJobData>;
  if (d.v !== 1 || typeof d.templateId !== 'string' || typeof d.idempotencyKey !== 'string') return undefined;
  if (d.request === null || typeof d.request !== 'object') return undefined;
  if (typeof d.horizonEndsAt !== 'number' || typeof d.keyExpiresAt !== 'number') return undefined;
  return d as OutboxJobData;
}
