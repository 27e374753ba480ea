import { JourneysConfigurationError } from '@journeykit/core';
import { rejectUnknownOptions } from '@journeykit/core/internal';
import { Module, type DynamicModule } from '@nestjs/common';
import { JourneysOutbox } from '@journeykit/outbox';
import type {
  JourneysOutboxModuleAsyncOptions,
  JourneysOutboxModuleExtras,
  JourneysOutboxModuleOptions,
} from './journeys-outbox-module-options.interface.js';
import { JourneysOutboxLifecycle } from './journeys-outbox.lifecycle.js';
import { ConfigurableJourneysOutboxModule, JOURNEYS_OUTBOX_MODULE_OPTIONS } from './journeys-outbox.module-definition.js';

const MODULE_OPTION_NAMES = ['outbox', 'work'] as const satisfies readonly (keyof JourneysOutboxModuleOptions)[];

function outboxFrom(options: JourneysOutboxModuleOptions): JourneysOutbox {
  const outbox = (options as Partial<JourneysOutboxModuleOptions> | null | undefined)?.outbox;
  if (outbox === null || typeof outbox !== 'object' || typeof (outbox as { enqueue?: unknown }).enqueue !== 'function') {
    throw new JourneysConfigurationError('JourneysOutboxModule: options.outbox must be a JourneysOutbox from @journeykit/outbox');
  }
  // Nest strips isGlobal (an extra) before the options reach here.
  rejectUnknownOptions('JourneysOutboxModule', options, MODULE_OPTION_NAMES);
  const work = options.work;
  if (work !== undefined && work !== false && (work === null || typeof work !== 'object')) {
    throw new JourneysConfigurationError('JourneysOutboxModule: options.work must be work() options or false');
  }
  return outbox;
}

/**
 * Provides a `JourneysOutbox` to a Nest application (inject it by its class) and runs its worker
 * with the application: started on bootstrap, stopped on shutdown after the deliveries in flight.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     JourneysOutboxModule.forRootAsync({
 *       isGlobal: true,
 *       imports: [ConfigModule],
 *       inject: [ConfigService],
 *       useFactory: (config: ConfigService) => ({
 *         outbox: new JourneysOutbox({ boss: new PgBoss(config.get('DATABASE_URL')), client: new JourneysClient() }),
 *         work: { concurrency: 4 },
 *       }),
 *     }),
 *   ],
 * })
 * export class AppModule {}
 *
 * // in a service:
 * constructor(private readonly outbox: JourneysOutbox) {}
 * ```
 */
@Module({
  providers: [{ provide: JourneysOutbox, useFactory: outboxFrom, inject: [JOURNEYS_OUTBOX_MODULE_OPTIONS] }, JourneysOutboxLifecycle],
  exports: [JourneysOutbox],
})
export class JourneysOutboxModule extends ConfigurableJourneysOutboxModule {
  /**
   * Configures the module with a ready outbox.
   *
   * @example
   * ```ts
   * JourneysOutboxModule.forRoot({ outbox, work: { concurrency: 4 }, isGlobal: true })
   * ```
   */
  static override forRoot(options: JourneysOutboxModuleOptions & JourneysOutboxModuleExtras): DynamicModule {
    return super.forRoot(options);
  }

  /**
   * Configures the module from other providers: `useFactory` (with `inject`), `useClass` or
   * `useExisting` (a class implementing `createJourneysOutboxOptions()`).
   */
  static override forRootAsync(options: JourneysOutboxModuleAsyncOptions): DynamicModule {
    return super.forRootAsync(options);
  }
}
