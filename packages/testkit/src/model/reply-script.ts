/**
 * Scripted replies of the in-memory fake, per template: a queue of one-shot replies consumed in
 * order, then an optional standing reply, then the default (a fresh run).
 */
import { isJourneysError, JourneysConfigurationError, type JourneysError } from '@journeykit/core';

/** What one call gets: a run (with this id, or a generated one) or a rejection. */
export type ScriptedReply = { kind: 'resolve'; runId: string | undefined } | { kind: 'reject'; error: () => JourneysError };

/** An error to reject with, or a function that makes a fresh one per call (fresh stack traces). */
export type ScriptedError = JourneysError | (() => JourneysError);

/**
 * How the fake answers one template. Every method returns the script, so replies chain:
 * `fake.when('welcome').rejectOnce(rateLimited).resolveOnce('1-...')`.
 */
export interface FakeReplies {
  /** The next call (after earlier `...Once` replies are used up) resolves, with `runId` if given. */
  resolveOnce(runId?: string): this;
  /** Every call, once the `...Once` replies are used up, resolves (with `runId` if given). */
  resolve(runId?: string): this;
  /** The next call (after earlier `...Once` replies are used up) rejects with `error`. */
  rejectOnce(error: ScriptedError): this;
  /** Every call, once the `...Once` replies are used up, rejects with `error`. */
  reject(error: ScriptedError): this;
}

function checkRunId(runId: unknown): string | undefined {
  if (runId !== undefined && (typeof runId !== 'string' || runId === '')) {
    throw new JourneysConfigurationError(`a scripted runId must be a non-empty string, got ${String(runId)}`);
  }
  return runId;
}

function checkError(error: unknown): () => JourneysError {
  if (typeof error === 'function') {
    return () => {
      const made: unknown = (error as () => unknown)();
      if (!isJourneysError(made)) throw new JourneysConfigurationError('a scripted error factory must return a JourneysError');
      return made;
    };
  }
  if (!isJourneysError(error)) {
    throw new JourneysConfigurationError(
      'reject() takes a JourneysError (e.g. new JourneysApiError(message, 429, body)), so your code sees what JourneysClient throws',
    );
  }
  return () => error;
}

/** The reply queue of one template. */
export class ReplyScript implements FakeReplies {
  readonly #once: ScriptedReply[] = [];
  #standing: ScriptedReply | undefined;

  resolveOnce(runId?: string): this {
    this.#once.push({ kind: 'resolve', runId: checkRunId(runId) });
    return this;
  }

  resolve(runId?: string): this {
    this.#standing = { kind: 'resolve', runId: checkRunId(runId) };
    return this;
  }

  rejectOnce(error: ScriptedError): this {
    this.#once.push({ kind: 'reject', error: checkError(error) });
    return this;
  }

  reject(error: ScriptedError): this {
    this.#standing = { kind: 'reject', error: checkError(error) };
    return this;
  }

  /** The reply for the next call, or undefined for the default behaviour. */
  next(): ScriptedReply | undefined {
    return this.#once.shift() ?? this.#standing;
  }
}
