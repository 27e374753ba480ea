/**
 * The scripted clock of fake runs: per journey, which status a run has how long after it started,
 * e.g. PROCESSING, then WAITING after 50 ms, then PROCESSED after 200 ms. A status is worked out
 * when it is read, from the run's age, so no timer runs and nothing needs stopping.
 */
import { JourneysConfigurationError, type JourneyRunStatus } from '@journeykit/core';

/** One point of a run's life: from `afterMs` after the run started, its status is `status`. */
export interface RunStatusStep {
  /** The run's status from this point on. */
  status: JourneyRunStatus;
  /** Milliseconds after the run was created. Default 0; each step must not come before the previous one. */
  afterMs?: number;
  /**
   * The journey node this point stands for, as `runs.steps()` reports it. Default by status:
   * `trigger` for PROCESSING, `delay` for WAITING, `throttle` for THROTTLED, `send` otherwise
   * (a `send` step gets a `message_id`).
   */
  action?: string;
}

/** A run's life as a list of points, in time order. */
export type RunStatusScript = readonly RunStatusStep[];

/** What a run does when its journey has no script: it starts PROCESSING and stays there until told otherwise. */
export const DEFAULT_RUN_STATUSES: RunStatusScript = Object.freeze([Object.freeze({ status: 'PROCESSING', afterMs: 0 })]);

/** A checked script: `afterMs` filled in and `action` resolved. */
export interface ScheduledStatus {
  status: JourneyRunStatus;
  afterMs: number;
  action: string;
}

function defaultAction(status: JourneyRunStatus): string {
  if (status === 'PROCESSING') return 'trigger';
  if (status === 'WAITING') return 'delay';
  if (status === 'THROTTLED') return 'throttle';
  return 'send';
}

/** Checks a script given by a test; `where` names it in the message (e.g. `journeys["welcome"].statuses`). */
export function checkRunStatusScript(script: unknown, where: string): ScheduledStatus[] {
  if (!Array.isArray(script) || script.length === 0) {
    throw new JourneysConfigurationError(`${where} must be a non-empty array like [{ status: 'PROCESSING' }, { status: 'PROCESSED', afterMs: 100 }]`);
  }
  let previous = 0;
  return script.map((step: unknown, i) => {
    const at = `${where}[${i}]`;
    if (step === null || typeof step !== 'object')
      throw new JourneysConfigurationError(`${at} must be an object like { status: 'WAITING', afterMs: 50 }`);
    const { status, afterMs = 0, action } = step as Record<string, unknown>;
    if (typeof status !== 'string' || status === '')
      throw new JourneysConfigurationError(`${at}.status must be a non-empty string, e.g. 'PROCESSED'`);
    if (typeof afterMs !== 'number' || !Number.isFinite(afterMs) || afterMs < 0)
      throw new JourneysConfigurationError(`${at}.afterMs must be a number of milliseconds >= 0`);
    if (afterMs < previous)
      throw new JourneysConfigurationError(`${at}.afterMs (${afterMs}) comes before the previous step (${previous}); list the steps in time order`);
    if (action !== undefined && (typeof action !== 'string' || action === ''))
      throw new JourneysConfigurationError(`${at}.action must be a non-empty string`);
    previous = afterMs;
    return { status, afterMs, action: action ?? defaultAction(status) };
  });
}

/** How many points of `script` a run of age `ageMs` has reached (at least 1: the first point holds from the start). */
export function reachedSteps(script: readonly ScheduledStatus[], ageMs: number): number {
  let reached = 1;
  while (reached < script.length && (script[reached] as ScheduledStatus).afterMs <= ageMs) reached++;
  return reached;
}

/**
 * Reads a script written on one line, as the command line takes it: `PROCESSING,WAITING@500,PROCESSED@2000`
 * (a status, then `@` and the milliseconds after the start).
 */
export function parseRunStatusScript(text: string): RunStatusStep[] {
  return text.split(',').map((part) => {
    const [status = '', at] = part.trim().split('@');
    const step: RunStatusStep = { status: status.trim() };
    if (at !== undefined) step.afterMs = /^\d+$/.test(at.trim()) ? Number(at.trim()) : Number.NaN;
    return step;
  });
}
