/**
 * Courier's endpoints, one description each: path, body, and how a success is read. The request
 * pipeline does everything else (auth, idempotency, retries, hooks, telemetry, errors), so a new
 * endpoint is a description here plus its types.
 */
import type { Redactor } from '../shared/redact.js';
import type { CallDescription } from '../pipeline/request-pipeline.js';
import type { CursorPage, RunsPageResult } from './run-pages.js';
import type { JourneyDetail, JourneySummary, JourneyVersion } from '../contract/journey-definitions.js';
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
  return {
    kind: 'runs.list',
    method: 'GET',
    path: `/journeys/runs${withCursor(query, cursor)}`,
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

/** `GET /journeys?version=&cursor=`: answers `{ templates, cursor? }`. */
export function journeysPageCall(query: string, cursor: string | undefined): CallDescription<CursorPage<JourneySummary>> {
  return {
    kind: 'journeys.list',
    method: 'GET',
    path: `/journeys${withCursor(query, cursor)}`,
    subject: 'the list of journeys',
    expects: 'a templates array',
    decode: (body, redact) => {
      const page = asRecord(body);
      // Courier's `JourneysListResponse` marks `templates` optional: an empty workspace may omit it.
      const templates = page?.templates ?? [];
      if (page === undefined || !Array.isArray(templates) || !templates.every((t) => typeof asRecord(t)?.id === 'string')) return undefined;
      const next = page.cursor;
      return { items: redact.value(templates as JourneySummary[]), next: typeof next === 'string' && next !== '' ? redact.text(next) : undefined };
    },
  };
}

/** `GET /journeys/{templateId}?version=`: answers the journey with its nodes; 404 for an unknown journey. */
export function journeyGetCall(templateId: string, query: string): CallDescription<JourneyDetail> {
  return {
    kind: 'journeys.get',
    method: 'GET',
    path: `/journeys/${encodeURIComponent(templateId)}${query === '' ? '' : `?${query}`}`,
    subject: `journey "${templateId}"`,
    templateId,
    expects: 'a journey with nodes',
    decode: (body, redact) => {
      const journey = asRecord(body);
      return journey !== undefined && typeof journey.id === 'string' && Array.isArray(journey.nodes)
        ? (redact.value(journey) as unknown as JourneyDetail)
        : undefined;
    },
  };
}

/** `GET /journeys/{templateId}/versions?cursor=`: answers `{ paging: { more, cursor? }, results }`. */
export function journeyVersionsPageCall(templateId: string, cursor: string | undefined): CallDescription<CursorPage<JourneyVersion>> {
  return {
    kind: 'journeys.versions',
    method: 'GET',
    path: `/journeys/${encodeURIComponent(templateId)}/versions${withCursor('', cursor)}`,
    subject: `the versions of journey "${templateId}"`,
    templateId,
    expects: 'a results array',
    decode: (body, redact) => {
      const page = asRecord(body);
      if (page === undefined || !Array.isArray(page.results)) return undefined;
      const paging = asRecord(page.paging);
      const next = paging?.more === true && typeof paging.cursor === 'string' && paging.cursor !== '' ? redact.text(paging.cursor) : undefined;
      return { items: redact.value(page.results as JourneyVersion[]), next };
    },
  };
}

function withCursor(query: string, cursor: string | undefined): string {
  const params = cursor === undefined ? query : `${query === '' ? '' : `${query}&`}cursor=${encodeURIComponent(cursor)}`;
  return params === '' ? '' : `?${params}`;
}
