/**
 * Courier's endpoints, one description each: path, body, and how a success is read. The request
 * pipeline does everything else (auth, idempotency, retries, hooks, telemetry, errors), so a new
 * endpoint is a description here plus its types.
 */
import type { Redactor } from '../shared/redact.js';
import type { CallDescription } from '../pipeline/request-pipeline.js';
import type { RunsPageResult } from './run-pages.js';
import { asRecord } from '../contract/response-decoding.js';
import type { CancelResult, JourneyRun, JourneyRunStep } from '../contract/journey-runs.js';
import type { InvokeResponse } from '../contract/types.js';
import type { PreparedInvocation } from '../input/validate.js';

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

/** `POST /journeys/cancel`: answers 202 `{ cancelation_token }`, or `{ run_id, status }` for one run. */
export function cancelCall(body: string, runId: string | undefined): CallDescription<CancelResult> {
  return runId === undefined
    ? {
        kind: 'cancel',
        method: 'POST',
        path: '/journeys/cancel',
        body,
        subject: 'the cancel by token',
        expects: 'a cancelation_token',
        decode: decodeCancelByToken,
      }
    : {
        kind: 'cancel',
        method: 'POST',
        path: '/journeys/cancel',
        body,
        subject: `the cancel of run "${runId}"`,
        runId,
        expects: 'the run_id and status',
        decode: (answer, redact) => decodeCancelByRun(answer, redact, runId),
      };
}

function decodeCancelByToken(body: unknown, redact: Redactor): CancelResult | undefined {
  const token = asRecord(body)?.cancelation_token;
  return typeof token === 'string' ? { cancelation_token: redact.text(token) } : undefined;
}

function decodeCancelByRun(body: unknown, redact: Redactor, runId: string): CancelResult | undefined {
  const answer = asRecord(body);
  const status = answer?.status;
  if (typeof status !== 'string') return undefined;
  const answeredId = answer?.run_id;
  return { run_id: redact.text(typeof answeredId === 'string' ? answeredId : runId), status: redact.text(status) };
}

/** `GET /journeys/runs/{runId}`: answers `{ run }`; 404 for an unknown run. */
export function runGetCall(runId: string): CallDescription<JourneyRun> {
  return {
    kind: 'runs.get',
    method: 'GET',
    path: `/journeys/runs/${encodeURIComponent(runId)}`,
    subject: `run "${runId}"`,
    runId,
    expects: 'a run',
    decode: (body, redact) => {
      const run = asRecord(asRecord(body)?.run);
      return run !== undefined && typeof run.run_id === 'string' ? readRun(run, redact) : undefined;
    },
    resultRunId: (run) => run.run_id,
  };
}

/** `GET /journeys/runs/{runId}/steps`: answers `{ steps }` (not paged). */
export function runStepsCall(runId: string): CallDescription<JourneyRunStep[]> {
  return {
    kind: 'runs.steps',
    method: 'GET',
    path: `/journeys/runs/${encodeURIComponent(runId)}/steps`,
    subject: `the steps of run "${runId}"`,
    runId,
    expects: 'a steps array',
    decode: (body, redact) => {
      const steps = asRecord(body)?.steps;
      return Array.isArray(steps) ? redact.value(steps as JourneyRunStep[]) : undefined;
    },
  };
}

/** `GET /journeys/runs?...&cursor=`: answers `{ runs, next_cursor? }`, newest first. */
export function runsPageCall(query: string, cursor: string | undefined): CallDescription<RunsPageResult> {
  const params = cursor === undefined ? query : `${query === '' ? '' : `${query}&`}cursor=${encodeURIComponent(cursor)}`;
  return {
    kind: 'runs.list',
    method: 'GET',
    path: `/journeys/runs${params === '' ? '' : `?${params}`}`,
    subject: 'the list of runs',
    expects: 'a runs array',
    decode: (body, redact) => {
      const page = asRecord(body);
      if (page === undefined || !Array.isArray(page.runs)) return undefined;
      const runs: JourneyRun[] = [];
      for (const item of page.runs) {
        const run = asRecord(item);
        if (run === undefined || typeof run.run_id !== 'string') return undefined;
        runs.push(readRun(run, redact));
      }
      const next = page.next_cursor;
      return { runs, next_cursor: typeof next === 'string' && next !== '' ? redact.text(next) : undefined };
    },
  };
}

/** A run as the caller sees it: `source` is always an array, every string passed through the redactor. */
function readRun(run: Record<string, unknown>, redact: Redactor): JourneyRun {
  const copy = redact.value(run) as unknown as JourneyRun;
  if (!Array.isArray(copy.source)) copy.source = [];
  return copy;
}
