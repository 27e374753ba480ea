import { Module, type DynamicModule } from '@nestjs/common';
import type { JourneysModuleAsyncOptions, JourneysModuleExtras, JourneysModuleOptions } from './journeys-module-options.interface.js';
import { JOURNEYS_INVOKER } from './journeys.constants.js';
import { ConfigurableJourneysModule } from './journeys.module-definition.js';
import { JourneysService } from './journeys.service.js';

/**
 * Provides `JourneysService` (and the `JOURNEYS_INVOKER` token) to a Nest application.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     ConfigModule.forRoot(),
 *     JourneysModule.forRootAsync({
 *       isGlobal: true,
 *       inject: [ConfigService],
 *       useFactory: (config: ConfigService) => ({ apiKey: config.get('COURIER_API_KEY') }),
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({
  providers: [JourneysService, { provide: JOURNEYS_INVOKER, useExisting: JourneysService }],
  exports: [JourneysService, JOURNEYS_INVOKER],
})
export class JourneysModule extends ConfigurableJourneysModule {
  /**
   * Configures the module with static options: a ready `client`, or `JourneysClient` options
   * (with none, the key comes from `COURIER_API_KEY`). `isGlobal: true` makes it global.
   *
   * @example
   * ```ts
   * JourneysModule.forRoot({ apiKey: process.env.COURIER_API_KEY, isGlobal: true })
   * ```
   */
  static override forRoot(options: JourneysModuleOptions & JourneysModuleExtras = {}): DynamicModule {
    return super.forRoot(options);
  }

  /**
   * Configures the module from other providers: `useFactory` (with `inject`), `useClass` or
   * `useExisting` (a class implementing `createJourneysOptions()`).
   *
   * @example
   * ```ts
   * JourneysModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({ apiKey: config.get('COURIER_API_KEY') }),
   * })
   * ```
   */
  static override forRootAsync(options: JourneysModuleAsyncOptions): DynamicModule {
    return super.forRootAsync(options);
  }
}
