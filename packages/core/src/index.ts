/**
 * What an application needs: the client, its options and errors, the request types, the catalog,
 * the journey lifecycle types, bulk invocation, and the retry and telemetry seams. What only the
 * other journeykit packages need lives in `@journeykit/core/internal`.
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
  formatIssuePath,
  isJourneysError,
  type JourneysErrorCode,
  type JourneysErrorOptions,
  type ValidationIssue,
} from './errors/errors.js';
export { journeysErrorSummary, type JourneysErrorSummary } from './errors/error-summary.js';
export { resolveUserId } from './input/identifiers.js';
export { MAX_LISTED_ISSUES } from './errors/issue-list.js';
export { DEFAULT_MAX_REQUEST_BYTES } from './input/validate.js';
export { defaultRetryDelay, isRetryableStatus, type RetryDelay, type RetryReason } from './transport/retry-policy.js';
export { DEFAULT_MAX_RETRY_AFTER_MS } from './contract/retry-after.js';
export { DEFAULT_BASE_URL } from './input/base-url.js';
export type { InvokeEvent, JourneysCallEvent, JourneysHooks } from './pipeline/hooks.js';
export type { JourneysAttemptEnd, JourneysCallInfo, JourneysCallKind, JourneysCallObserver, JourneysTelemetry } from './pipeline/telemetry.js';
export {
  DEFAULT_CONNECTIONS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_QUEUE_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  JourneysClient,
  type JourneysClientOptions,
} from './client/client.js';
export {
  defineJourneys,
  type AnyJourneyCatalog,
  defineJourney,
  type CancelableJourneyId,
  type CancelationTokenInput,
  type CancelationTokenRules,
  type DefinitionRequest,
  type JourneyCatalog,
  type JourneyData,
  type JourneyDefinition,
  type JourneyDefinitions,
  type JourneyId,
  type JourneyRequest,
  type Register,
  type RegisteredCatalog,
  type TypedJourneysInvoker,
} from './catalog/catalog.js';
export type { InferSchemaInput, StandardSchemaV1 } from './catalog/standard-schema.js';
export {
  DEFAULT_BULK_CONCURRENCY,
  DEFAULT_MAX_THROTTLE_RETRIES,
  invokeMany,
  type InvokeManyItem,
  type InvokeManyItems,
  type InvokeManyOptions,
  type InvokeManyResult,
} from './bulk/invoke-many.js';
export type { EnqueueOptions, EnqueueResult, JourneysEnqueuer } from './adapters/enqueuer.js';
export {
  FINISHED_RUN_STATUSES,
  type CancelOptions,
  type CancelRequest,
  type CancelResult,
  type CancelResultOf,
  type CanceledByToken,
  type CanceledRun,
  type JourneyRun,
  type JourneyRunStatus,
  type JourneyRunStep,
  type JourneyRunStepStatus,
  type JourneyRuns,
  type JourneyRunsFilter,
  type JourneysLifecycle,
  type LifecycleCallOptions,
  type WaitForRunOptions,
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
export { DEFAULT_POLL_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS, MAX_POLL_INTERVAL_MS } from './calls/run-wait.js';
