/**
 * What an application imports: the client, its options, defaults and errors, the request types,
 * the catalog, the journey lifecycle types, bulk invocation, and the retry, hook and telemetry
 * seams. The zod schemas are on `@journeykit/core/schemas` (so this entry does not load zod); what
 * only the other journeykit packages need is on `@journeykit/core/internal`.
 */
export type { InvokeOptions, InvokeRequest, InvokeResponse, JourneysInvoker, Profile } from './contract/types.js';
export {
  JourneysAbortError,
  JourneysApiError,
  JourneysClosedError,
  JourneysConfigurationError,
  JourneysConnectionError,
  JourneysError,
  JourneysQueueTimeoutError,
  JourneysResponseTooLargeError,
  JourneysRunNotFoundError,
  JourneysRunWaitTimeoutError,
  JourneysTimeoutError,
  JourneysValidationError,
  isJourneysError,
  type JourneysErrorCode,
  type ValidationIssue,
} from './errors/errors.js';
export { journeysErrorSummary, type JourneysErrorSummary } from './errors/error-summary.js';
export { resolveUserId } from './input/identifiers.js';
export { defaultRetryDelay, type RetryDelay, type RetryReason } from './transport/retry-policy.js';
export type { JourneysCallEvent, JourneysHooks } from './pipeline/hooks.js';
export type { JourneysCallKind, JourneysTelemetry } from './pipeline/telemetry.js';
export { JourneysClient, type JourneysClientOptions } from './client/client.js';
export { defaults } from './client/client-options.js';
export type { TransportName } from './transport/attempt.js';
export {
  defineJourneys,
  defineJourney,
  type CancelableJourneyId,
  type CancelationTokenInput,
  type JourneyCatalog,
  type JourneyData,
  type JourneyId,
  type JourneyRequest,
  type Register,
  type RegisteredCatalog,
  type TypedJourneysInvoker,
} from './catalog/catalog.js';
export { invokeMany, type InvokeManyItem, type InvokeManyItems, type InvokeManyOptions, type InvokeManyResult } from './bulk/invoke-many.js';
export type { EnqueueOptions, EnqueueResult, JourneysEnqueuer } from './adapters/enqueuer.js';
export type {
  CancelOptions,
  CancelRequest,
  CancelResult,
  CancelResultOf,
  CanceledByToken,
  CanceledRun,
  JourneyRun,
  JourneyRunStatus,
  JourneyRunStep,
  JourneyRunStepStatus,
  JourneyRuns,
  JourneyRunsFilter,
  JourneysLifecycle,
  LifecycleCallOptions,
  WaitForRunOptions,
} from './contract/journey-runs.js';
export {
  apiInvokeTrigger,
  type JourneyDefinitionReads,
  type JourneyDetail,
  type JourneyGetQuery,
  type JourneyListQuery,
  type JourneyNode,
  type JourneySummary,
  type JourneyVersion,
} from './contract/journey-definitions.js';
// The Standard Schema interface: a generated catalog module (`journeykit pull`) types its validators with it.
export type { StandardSchemaV1 } from './catalog/standard-schema.js';
