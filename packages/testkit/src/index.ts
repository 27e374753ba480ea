/**
 * @journeykit/testkit: test code that invokes Courier journeys without the network.
 *
 * - {@link FakeJourneysClient}: an in-memory `JourneysInvoker` with the real client's validation.
 * - {@link startFakeCourier}: a real HTTP fake of Courier's journey endpoints (invoke, cancel, run
 *   reads), with scripted run statuses and faults on demand.
 * - `@journeykit/testkit/vitest`: `toHaveInvokedJourney` / `toHaveInvokedJourneyTimes` matchers.
 */
export { FakeJourneysClient, type FakeJourneysClientOptions } from './client/fake-client.js';
export type { FakeReplies, ScriptedError } from './model/reply-script.js';
export type { FakeInvocation } from './model/invocation.js';
export {
  startFakeCourier,
  type FakeCourierOptions,
  type FakeCourierOutcome,
  type FakeCourierRequest,
  type FakeCourierServer,
} from './server/fake-courier.js';
export {
  DEFAULT_CHAOS_FAULTS,
  type FakeCourierChaos,
  type FakeCourierFault,
  type FakeCourierInjection,
  type InjectOptions,
} from './server/faults.js';
export { RUN_ID_PATTERN } from './model/ids.js';
export type { FakeCourierEndpoint } from './server/routes.js';
export type { FakeCourierConsoleOption } from './console/access.js';
export type { FakeCancellation } from './model/run-lifecycle.js';
export type { FakeJourneys, FakeJourneySettings } from './model/journey-settings.js';
export { DEFAULT_RUN_STATUSES, type RunStatusScript, type RunStatusStep } from './model/run-status-script.js';
export type { FakeLifecycleCall } from './client/fake-lifecycle-calls.js';
export { FakeJourneysOutbox, type FakeDeliveryReport, type FakeEnqueued, type FakeJourneysOutboxOptions } from './client/fake-outbox.js';
export type { FakeJourneyDefinition, FakeJourneyVersion } from './model/journey-definitions.js';
export type { TriggerSchemaMismatch } from './model/trigger-schemas.js';
