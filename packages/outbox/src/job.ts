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
