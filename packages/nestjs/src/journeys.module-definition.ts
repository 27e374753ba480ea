import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { JourneysModuleExtras, JourneysModuleOptions } from './journeys-module-options.interface.js';

const definition = new ConfigurableModuleBuilder<JourneysModuleOptions>({
  moduleName: 'Journeys',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createJourneysOptions')
  .setExtras<JourneysModuleExtras>({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal === true,
  }))
  .build();

export const ConfigurableJourneysModule = definition.ConfigurableModuleClass;

/**
 * Injection token of the options given to `forRoot()` or resolved by `forRootAsync()`. They may
 * hold the API key: inject them to read settings, never to log them.
 */
export const JOURNEYS_MODULE_OPTIONS: string | symbol = definition.MODULE_OPTIONS_TOKEN;
