import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { JourneysOutboxModuleExtras, JourneysOutboxModuleOptions } from './journeys-outbox-module-options.interface.js';

export const { ConfigurableModuleClass: ConfigurableJourneysOutboxModule, MODULE_OPTIONS_TOKEN } =
  new ConfigurableModuleBuilder<JourneysOutboxModuleOptions>({ moduleName: 'JourneysOutbox' })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createJourneysOutboxOptions')
    .setExtras<JourneysOutboxModuleExtras>({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal === true }))
    .build();

/** Injection token of the options given to `forRoot()` or resolved by `forRootAsync()`. */
export const JOURNEYS_OUTBOX_MODULE_OPTIONS: string | symbol = MODULE_OPTIONS_TOKEN;
