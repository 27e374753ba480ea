import { isJourneysError } from '@journeykit/core';
import { thrownText } from '@journeykit/core/internal';
import type { DeliveryFailure } from './hooks.js';

/** The parts of an error that are safe to store and report: code, status, message, request id. */
export function describeFailure(error: unknown): DeliveryFailure {
  if (isJourneysError(error)) {
    const failure: DeliveryFailure = { code: error.code, message: error.message };
    const { status, requestId } = error as { status?: unknown; requestId?: unknown };
    if (typeof status === 'number') failure.status = status;
    if (typeof requestId === 'string') failure.requestId = requestId;
    return failure;
  }
  return { code: 'ERR_JOURNEYS_OUTBOX_DELIVERY', message: thrownText(error, { withName: true }) };
}
