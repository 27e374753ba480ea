/** The public type surface, checked by `tsc` (pnpm typecheck); nothing here runs. */
import { expectTypeOf } from 'vitest';
import type { JourneysInvoker } from '@journeykit/core';
import {
  FakeJourneysClient,
  RUN_ID_PATTERN,
  startFakeCourier,
  type FakeCourierFault,
  type FakeCourierInjection,
  type FakeCourierOutcome,
  type FakeCourierRequest,
  type FakeCourierServer,
  type FakeInvocation,
  type FakeReplies,
} from '@journeykit/testkit';
import type { InvocationSource, JourneyMatchers, PartialRequest } from '@journeykit/testkit/vitest';

expectTypeOf<FakeJourneysClient>().toMatchTypeOf<JourneysInvoker>();
expectTypeOf<FakeJourneysClient>().toMatchTypeOf<InvocationSource>();
expectTypeOf<FakeCourierServer>().toMatchTypeOf<InvocationSource>();
expectTypeOf(RUN_ID_PATTERN).toEqualTypeOf<RegExp>();
expectTypeOf(startFakeCourier).returns.toEqualTypeOf<Promise<FakeCourierServer>>();
expectTypeOf<FakeCourierServer['invocations']>().toEqualTypeOf<readonly FakeInvocation[]>();
expectTypeOf<FakeInvocation>().toEqualTypeOf<{
  templateId: string;
  request: import('@journeykit/core').InvokeRequest;
  userId: string | undefined;
  idempotencyKey: string | undefined;
  runId: string;
  at: Date;
  cancelationToken?: string;
  triggerSchemaMismatch?: import('@journeykit/testkit').TriggerSchemaMismatch;
}>();
expectTypeOf<FakeCourierRequest['status']>().toEqualTypeOf<number | 'dropped' | 'stalled'>();
expectTypeOf<FakeCourierOutcome>().toEqualTypeOf<'created' | 'answered' | 'replayed' | 'conflict' | 'rejected' | 'injected'>();
expectTypeOf<FakeCourierFault['kind']>().toEqualTypeOf<'status' | 'drop' | 'stall' | 'slow-body' | 'create-then-drop' | 'delay'>();
expectTypeOf<FakeCourierServer['inject']>().returns.toEqualTypeOf<FakeCourierInjection>();
expectTypeOf<ReturnType<FakeJourneysClient['when']>>().toEqualTypeOf<FakeReplies>();
expectTypeOf<PartialRequest>().toMatchTypeOf<{ user_id?: string }>();
expectTypeOf<JourneyMatchers<void>['toHaveInvokedJourneyTimes']>().parameters.toEqualTypeOf<[string, number]>();

// The lifecycle (issue 16): the fake client is a JourneysLifecycle, both fakes record cancels.
expectTypeOf<FakeJourneysClient>().toMatchTypeOf<import('@journeykit/core').JourneysLifecycle>();
expectTypeOf<FakeJourneysClient>().toMatchTypeOf<import('@journeykit/testkit/vitest').CancellationSource>();
expectTypeOf<FakeCourierServer>().toMatchTypeOf<import('@journeykit/testkit/vitest').CancellationSource>();
expectTypeOf<FakeCourierServer['setRunStatus']>().returns.toEqualTypeOf<import('@journeykit/core').JourneyRun>();
expectTypeOf<FakeCourierRequest['endpoint']>().toEqualTypeOf<import('@journeykit/testkit').FakeCourierEndpoint | undefined>();
expectTypeOf<JourneyMatchers<void>['toHaveCanceledRun']>().parameters.toEqualTypeOf<[import('@journeykit/core').CancelRequest]>();
