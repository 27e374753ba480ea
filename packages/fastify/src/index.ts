export { journeys, type RequestJourneys } from './plugin.js';
export { journeysErrorHandler, type FastifyErrorHandler, type JourneysErrorHandlerOptions } from './error-handler.js';
export type { Identify, JourneysPluginAdapterOptions, JourneysPluginClientOptions, JourneysPluginOptions } from './options.js';
export type { JourneysCatalogOption } from '@journeykit/core/internal';
// The one rule for every adapter: it re-exports core's errors (what its calls throw, for `instanceof`
// from the same copy of core that threw them) and the one error body; the rest of core is imported from core.
export { journeysErrorBody, type JourneysErrorBody } from '@journeykit/core/internal';
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
  type InvokeOptions,
  type InvokeRequest,
  type InvokeResponse,
  type JourneysInvoker,
  type Profile,
  type CancelOptions,
  type CancelRequest,
  type CancelResult,
  type CancelResultOf,
  type CanceledByToken,
  type CanceledRun,
  type JourneyRun,
  type JourneyRunStatus,
  type JourneyRunStep,
  type JourneyRuns,
  type JourneyRunsFilter,
  type JourneysLifecycle,
  type LifecycleCallOptions,
  type WaitForRunOptions,
} from '@journeykit/core';
export type { RequestIdentity } from '@journeykit/core/internal';
