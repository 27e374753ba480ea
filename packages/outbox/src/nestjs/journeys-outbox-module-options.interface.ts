import type { ConfigurableModuleAsyncOptions } from '@nestjs/common';
import type { JourneysOutbox, WorkOptions } from '@journeykit/outbox';

/**
 * What `JourneysOutboxModule.forRoot()` takes and what an async factory resolves to.
 *
 * @example
 * ```ts
 * const options: JourneysOutboxModuleOptions = {
 *   outbox: new JourneysOutbox({ boss: new PgBoss(process.env.DATABASE_URL!), client: new JourneysClient() }),
 *   work: { concurrency: 4 },
 * };
 * ```
 */
export interface JourneysOutboxModuleOptions {
  /** The outbox to provide. Started when the application boots, stopped when it shuts down. */
  outbox: JourneysOutbox;
  /**
   * Deliver in this application: `work()`'s options, started once the application has booted.
   * `false` for an application that only enqueues (the worker runs elsewhere). Default `{}` (one
   * delivery at a time).
   */
  work?: WorkOptions | false;
}

/** Options of the dynamic module itself, next to the outbox options. */
export interface JourneysOutboxModuleExtras {
  /** Register the module globally, so feature modules need not import it. Default `false`. */
  isGlobal?: boolean;
}

/** A class given to `forRootAsync({ useClass })` or `forRootAsync({ useExisting })`. */
export interface JourneysOutboxOptionsFactory {
  /**
   * Builds the module's options once, when the module is created; as an injectable class it can
   * read configuration or secrets through its own dependencies.
   *
   * @example
   * ```ts
   * @Injectable()
   * class OutboxOptions implements JourneysOutboxOptionsFactory {
   *   constructor(private readonly config: ConfigService) {}
   *   createJourneysOutboxOptions(): JourneysOutboxModuleOptions {
   *     return { outbox: new JourneysOutbox({ boss: new PgBoss(this.config.get('DATABASE_URL')!), client: new JourneysClient() }) };
   *   }
   * }
   * ```
   */
  createJourneysOutboxOptions(): JourneysOutboxModuleOptions | Promise<JourneysOutboxModuleOptions>;
}

/** Options of `JourneysOutboxModule.forRootAsync()`: useFactory (with inject), useClass or useExisting. */
export type JourneysOutboxModuleAsyncOptions = ConfigurableModuleAsyncOptions<JourneysOutboxModuleOptions, 'createJourneysOutboxOptions'> &
  JourneysOutboxModuleExtras;
