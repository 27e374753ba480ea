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
  JourneysTimeoutError,
  JourneysValidationError,
  isJourneysError,
  type InvokeOptions,
  type InvokeRequest,
  type InvokeResponse,
  type JourneysInvoker,
  type Profile,
} from '@journeykit/core';
export type { RequestIdentity } from '@journeykit/core/internal';
