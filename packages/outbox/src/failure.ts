import { isJourneysError, isRetryableStatus } from '@journeykit/core';
import type { DeliveryFailure } from './hooks.js';

/**
 * What a failed delivery means. Transient: Courier may answer later (connection, timeout,
 * 408/409/429/5xx, a worker stopping mid-call, anything unexpected). Permanent: Courier refused
 * this invocation and will refuse it again (another 4xx, or input the client rejects).
 */
export function isPermanent(error: unknown): boolean {
  if (!isJourneysError(error)) return false;
  if (error.code === 'ERR_JOURNEYS_VALIDATION') return true;
  if (error.code !== 'ERR_JOURNEYS_API') return false;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 && !isRetryableStatus(status);
}

/** The parts of an error that are safe to store and report: code, status, message, request id. */
export function describeFailure(error: unknown): DeliveryFailure {
  if (isJourneysError(error)) {
    const failure: DeliveryFailure = { code: error.code, message: error.message };
    const { status, requestId } = error as { status?: unknown; requestId?: unknown };
    if (typeof status === 'number') failure.status = status;
    if (typeof requestId === 'string') failure.requestId = requestId;
    return failure;
  }
  let message: string;
  try {
    message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    message = 'an unprintable error';
  }
  return { code: 'ERR_JOURNEYS_OUTBOX_DELIVERY', message };
}
