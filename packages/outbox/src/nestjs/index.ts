/**
 * `@journeykit/outbox/nestjs`: the outbox as a Nest module. Needs `@nestjs/common` and `@nestjs/core`.
 */
export { JourneysOutboxModule } from './journeys-outbox.module.js';
export { JourneysOutboxLifecycle } from './journeys-outbox.lifecycle.js';
export { JOURNEYS_OUTBOX_MODULE_OPTIONS } from './journeys-outbox.module-definition.js';
export type {
  JourneysOutboxModuleAsyncOptions,
  JourneysOutboxModuleExtras,
  JourneysOutboxModuleOptions,
  JourneysOutboxOptionsFactory,
} from './journeys-outbox-module-options.interface.js';
export { JourneysOutbox } from '@journeykit/outbox';
