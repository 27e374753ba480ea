/** What the console reads from and does to the fake server: a narrow view of it, nothing more. */
import type { JourneyRun, JourneyRunStatus, JourneyRunStep } from '@journeykit/core';
import type { FakeCourierRequest } from '../server/fake-courier.js';
import type { FakeCourierFault, FakeCourierInjection, InjectOptions } from '../server/faults.js';
import type { FakeInvocation } from '../model/invocation.js';
import type { FakeJourneyDefinition } from '../model/journey-definitions.js';

export interface ConsoleBackend {
  /** The server's base URL, for the copy-paste snippets. */
  url(): string;
  /** The runs created, oldest first (read again on each call: `reset()` replaces nothing, but clears). */
  invocations(): readonly FakeInvocation[];
  /** Every request the server recorded, oldest first (`server.requests`). */
  requests(): readonly FakeCourierRequest[];
  readonly definitions: readonly FakeJourneyDefinition[];
  /** The latest published version of a journey, whose trigger schema the fake checks invokes against. */
  published(templateId: string): { version: string; nodes: readonly unknown[] } | undefined;
  run(runId: string): JourneyRun | undefined;
  runSteps(runId: string): JourneyRunStep[] | undefined;
  /** Milliseconds until the run's scripted status next changes by itself; undefined when it will not. */
  nextStatusChangeIn(runId: string): number | undefined;
  setRunStatus(runId: string, status: JourneyRunStatus): JourneyRun;
  /** Cancels a run as `POST /journeys/cancel` by id would: undefined for an unknown run. */
  cancelRun(runId: string): JourneyRun | undefined;
  inject(fault: FakeCourierFault, options: InjectOptions): FakeCourierInjection;
  reset(): void;
  /** Calls `listener` when a run is moved by a cancel or a command; returns the unsubscribe. */
  onRunChange(listener: (runId: string) => void): () => void;
}
