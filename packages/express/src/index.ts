export { journeys, type JourneysMiddleware } from './middleware.js';
export type {
  AfterResponseErrorReporter,
  Identify,
  JourneysAdapterOptions,
  JourneysMiddlewareClientOptions,
  JourneysMiddlewareOptions,
} from './options.js';
export type { JourneysCatalogOption } from '@journeykit/core/internal';
export { getJourneys, type RequestJourneys } from './request-journeys.js';
export {
  afterResponse,
  invokeAfterResponse,
  type AfterResponseOptions,
  type AfterResponseRouteOptions,
} from './after-response.js';
export { journeysErrorHandler, type JourneysErrorHandlerOptions } from './error-handler.js';
// The one rule for every adapter: it re-exports core's errors (what its calls throw, for `instanceof`
// from the same copy of core that threw them), the one error body, and the types of what its own API
// takes and returns (so a handler is typed from one import). The client, `defineJourneys`, the schemas
// and everything else come from `@journeykit/core`.
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
