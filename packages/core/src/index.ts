export type { InvokeOptions, InvokeRequest, InvokeResponse, JourneysInvoker, Profile } from './types.js';
export {
  JourneysAbortError,
  JourneysApiError,
  JourneysClosedError,
  JourneysConfigurationError,
  JourneysConnectionError,
  JourneysError,
  JourneysQueueTimeoutError,
  JourneysRunNotFoundError,
  JourneysTimeoutError,
  JourneysValidationError,
  formatIssuePath,
  isJourneysError,
  type JourneysErrorCode,
  type ValidationIssue,
} from './errors.js';
export { CONTACT_FIELDS, IDENTIFIER_SOURCES, hasContactInfo, resolveUserId } from './identifiers.js';
export { isPlainObject } from './json-values.js';
export { MAX_LISTED_ISSUES } from './issue-list.js';
export {
  DEFAULT_MAX_REQUEST_BYTES,
  collectOptionIssues,
  identityIssues,
  prepareInvocation,
  type PreparedInvocation,
} from './validate.js';
export {
  DEFAULT_MAX_RETRY_AFTER_MS,
  defaultRetryDelay,
  isRetryableStatus,
  parseRetryAfter,
  type RetryDelay,
  type RetryReason,
} from './retry-policy.js';
export { DEFAULT_BASE_URL, isLoopbackHost } from './base-url.js';
export type { InvokeEvent, JourneysHooks } from './hooks.js';
export {
  DEFAULT_CONNECTIONS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_QUEUE_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  JourneysClient,
  type JourneysClientOptions,
} from './client.js';
export {
  defineJourneys,
  isJourneyCatalog,
  type AnyJourneyCatalog,
  buildCancelationToken,
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
} from './catalog.js';
export type { InferSchemaInput, StandardSchemaV1 } from './standard-schema.js';
export {
  DEFAULT_BULK_CONCURRENCY,
  DEFAULT_MAX_THROTTLE_RETRIES,
  invokeMany,
  type InvokeManyItem,
  type InvokeManyItems,
  type InvokeManyOptions,
  type InvokeManyResult,
} from './invoke-many.js';
export { withIdentity, type RequestIdentity } from './identity-merge.js';
export { journeysHttpAnswer, type JourneysHttpAnswer } from './http-answer.js';
export { assertJourneyCatalog, untypedOf, withCatalog, type JourneysCatalogOption } from './catalog-invoker.js';
export { resolveInvoker, type ResolvedInvoker } from './resolve-invoker.js';
export { CLIENT_OPTION_NAMES } from './client-options.js';
export { rejectUnknownOptions } from './option-names.js';
export {
  isPermanentFailure,
  prepareEnqueue,
  type EnqueueOptions,
  type EnqueueResult,
  type EnqueueRules,
  type JourneysEnqueuer,
  type PreparedEnqueue,
} from './enqueuer.js';
export {
  FINISHED_RUN_STATUSES,
  type CancelOptions,
  type CancelRequest,
  type CancelResult,
  type JourneyRun,
  type JourneyRunStatus,
  type JourneyRunStep,
  type JourneyRunStepStatus,
  type JourneyRuns,
  type JourneyRunsFilter,
  type JourneysLifecycle,
  type LifecycleCallOptions,
  type WaitForRunOptions,
} from './journey-runs.js';
export type { JourneysAttemptEnd, JourneysCallInfo, JourneysCallKind, JourneysCallObserver, JourneysTelemetry } from './telemetry.js';
