/**
 * Courier's endpoints, one description each: path, body, and how a success is read. The request
 * pipeline does everything else (auth, idempotency, retries, hooks, telemetry, errors), so a new
 * endpoint is a description here plus its types.
 */
import type { Redactor } from './redact.js';
import type { CallDescription } from './request-pipeline.js';
import { asRecord } from './response-decoding.js';
import type { InvokeResponse } from './types.js';
import type { PreparedInvocation } from './validate.js';

/** `POST /journeys/{templateId}/invoke`: answers `{ runId }`. */
export function invokeCall(prepared: PreparedInvocation): CallDescription<InvokeResponse> {
  return {
    kind: 'invoke',
    method: 'POST',
    path: `/journeys/${prepared.encodedTemplateId}/invoke`,
    body: prepared.body,
    subject: `journey "${prepared.templateId}"`,
    templateId: prepared.templateId,
    userId: prepared.userId,
    expects: 'a runId',
    decode: decodeInvoke,
    resultRunId: runIdOfInvoke,
  };
}

function decodeInvoke(body: unknown, redact: Redactor): InvokeResponse | undefined {
  const runId = asRecord(body)?.runId;
  return typeof runId === 'string' && runId !== '' ? { runId: redact.text(runId) } : undefined;
}

function runIdOfInvoke(result: InvokeResponse): string {
  return result.runId;
}
