export { JourneysModule } from './journeys.module.js';
export { JourneysService } from './journeys.service.js';
export { InjectJourneys } from './journeys.decorator.js';
export { JOURNEYS_INVOKER } from './journeys.constants.js';
export { JOURNEYS_MODULE_OPTIONS } from './journeys.module-definition.js';
export { JourneysExceptionFilter } from './journeys-exception.filter.js';
export { journeysErrorResponse, type JourneysErrorBody } from './journeys-error-response.js';
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
