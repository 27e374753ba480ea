import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { JourneysOutboxModuleExtras, JourneysOutboxModuleOptions } from './journeys-outbox-module-options.interface.js';

const definition = new ConfigurableModuleBuilder<JourneysOutboxModuleOptions>({ moduleName: 'JourneysOutbox' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createJourneysOutboxOptions')
  .setExtras<JourneysOutboxModuleExtras>({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal === true }))
  .build();

export const ConfigurableJourneysOutboxModule = definition.ConfigurableModuleClass;

/** Injection token of the options given to `forRoot()` or resolved by `forRootAsync()`. */
export const JOURNEYS_OUTBOX_MODULE_OPTIONS: string | symbol = definition.MODULE_OPTIONS_TOKEN;
