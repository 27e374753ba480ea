export { JourneysModule } from './journeys.module.js';
export { JourneysService } from './journeys.service.js';
export { InjectJourneys } from './journeys.decorator.js';
export { JOURNEYS_INVOKER } from './journeys.constants.js';
export { JOURNEYS_MODULE_OPTIONS } from './journeys.module-definition.js';
export { JourneysExceptionFilter } from './journeys-exception.filter.js';
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
} from '@journeykit/core';
export type { JourneysCatalogOption } from '@journeykit/core/internal';
export type {
  JourneysCatalogModuleOptions,
  JourneysClientModuleOptions,
  JourneysInvokerModuleOptions,
  JourneysModuleAsyncOptions,
  JourneysModuleExtras,
  JourneysModuleOptions,
  JourneysOptionsFactory,
} from './journeys-module-options.interface.js';
export type {
  CancelOptions,
  CancelRequest,
  CancelResult,
  CancelResultOf,
  CanceledByToken,
  CanceledRun,
  InvokeOptions,
  InvokeRequest,
  InvokeResponse,
  JourneyRun,
  JourneyRunStatus,
  JourneyRunStep,
  JourneyRuns,
  JourneyRunsFilter,
  JourneysInvoker,
  JourneysLifecycle,
  LifecycleCallOptions,
  WaitForRunOptions,
} from '@journeykit/core';
