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
export {
  journeysErrorHandler,
  type JourneysErrorBody,
  type JourneysErrorHandlerOptions,
} from './error-handler.js';
export {
  JourneysAbortError,
  JourneysApiError,
  JourneysClosedError,
  JourneysConfigurationError,
  JourneysConnectionError,
  JourneysError,
  JourneysQueueTimeoutError,
  JourneysRunNotFoundError,
  JourneysRunWaitTimeoutError,
  JourneysTimeoutError,
  JourneysValidationError,
  isJourneysError,
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
