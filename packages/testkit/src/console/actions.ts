/**
 * The console's actions, also its HTTP endpoints (JSON in, JSON out): set a run's status, cancel a
 * run, inject a fault for the next N invokes of a journey, clear everything. Input is checked
 * here; a bad field is a 400 whose message says what to send.
 */
import type { FakeCourierFault } from '../server/faults.js';
import type { ConsoleBackend } from './backend.js';

/** An action's answer: HTTP status and JSON body (always with a `message`). */
export interface ActionAnswer {
  status: number;
  body: { message: string } & Record<string, unknown>;
}

const refused = (status: number, message: string): ActionAnswer => ({ status, body: { message } });

function fields(body: unknown): Record<string, unknown> | undefined {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

export function setStatus(backend: ConsoleBackend, runId: string, body: unknown): ActionAnswer {
  const status = fields(body)?.status;
  if (typeof status !== 'string' || status.trim() === '') return refused(400, 'Send { "status": "PROCESSED" } (any Courier run status)');
  if (backend.run(runId) === undefined) return refused(404, `No run ${JSON.stringify(runId)} in this fake`);
  const run = backend.setRunStatus(runId, status);
  return { status: 200, body: { message: `run ${runId} is now ${String(run.status)}`, run } };
}

export function cancelRun(backend: ConsoleBackend, runId: string): ActionAnswer {
  const run = backend.cancelRun(runId);
  if (run === undefined) return refused(404, `No run ${JSON.stringify(runId)} in this fake`);
  return { status: 200, body: { message: `run ${runId} is ${String(run.status)}`, run } };
}

const KINDS = ['status', 'drop', 'stall'];

/**
 * `{ kind: 'status' | 'drop' | 'stall', status?, retryAfter?, times?, templateId? }`. A status is
 * played in front of Courier's idempotency layer (not stored), so a retry with the same key runs
 * afresh, as after a real 429 or 503.
 */
export function injectFault(backend: ConsoleBackend, body: unknown): ActionAnswer {
  const f = fields(body);
  if (f === undefined) return refused(400, 'Send { "kind": "status", "status": 503, "times": 1, "templateId": "welcome" }');
  const { kind = 'status', status = 503, retryAfter, times = 1, templateId } = f;
  if (typeof kind !== 'string' || !KINDS.includes(kind)) return refused(400, `kind must be one of ${KINDS.join(', ')}`);
  if (!Number.isInteger(times) || (times as number) < 1) return refused(400, 'times must be a whole number of 1 or more');
  if (templateId !== undefined && (typeof templateId !== 'string' || templateId === ''))
    return refused(400, 'templateId must be a non-empty string, or left out for any journey');
  let fault: FakeCourierFault;
  if (kind === 'status') {
    if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599)
      return refused(400, 'status must be a whole number from 200 to 599');
    if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && (retryAfter as number) >= 0))
      return refused(400, 'retryAfter must be whole seconds, 0 or more');
    fault = {
      kind: 'status',
      status: status as number,
      stored: false,
      ...(retryAfter === undefined ? {} : { headers: { 'retry-after': String(retryAfter) } }),
    };
  } else fault = { kind } as FakeCourierFault;
  const injection = backend.inject(fault, { endpoint: 'invoke', times: times as number, ...(templateId === undefined ? {} : { templateId }) });
  const what = kind === 'status' ? `${String(status)}${retryAfter === undefined ? '' : ` with Retry-After ${String(retryAfter)}`}` : kind;
  const target = templateId === undefined ? 'any journey' : JSON.stringify(templateId);
  return {
    status: 200,
    body: {
      message: `the next ${String(times)} invoke(s) of ${target} get ${what}`,
      fault,
      templateId: injection.templateId,
      remaining: injection.remaining,
    },
  };
}

export function resetAll(backend: ConsoleBackend): ActionAnswer {
  backend.reset();
  return { status: 200, body: { message: 'cleared: runs, requests, keys and faults' } };
}
