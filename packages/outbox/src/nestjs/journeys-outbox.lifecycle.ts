import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { JourneysOutbox } from '@journeykit/outbox';
import type { JourneysOutboxModuleOptions } from './journeys-outbox-module-options.interface.js';
import { JOURNEYS_OUTBOX_MODULE_OPTIONS } from './journeys-outbox.module-definition.js';

/** Anything that may stand in for the outbox (the test kit's fake has only `enqueue`). */
type Lifecycle = Partial<Pick<JourneysOutbox, 'start' | 'work' | 'stop'>>;

/**
 * Ties the outbox to the application: started (and, unless `work: false`, delivering) once the
 * application has booted; stopped, after its deliveries in flight, before the application shuts
 * down (call `app.enableShutdownHooks()` so SIGTERM gets there).
 */
@Injectable()
export class JourneysOutboxLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(JourneysOutbox) private readonly outbox: Lifecycle,
    @Inject(JOURNEYS_OUTBOX_MODULE_OPTIONS) private readonly options: JourneysOutboxModuleOptions,
  ) {}

  /**
   * Starts the outbox, then its worker. After bootstrap rather than at module init, so that no
   * delivery begins while other providers (the client's configuration, hooks' loggers) are not ready.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { outbox } = this;
    if (typeof outbox.start === 'function') await outbox.start();
    const work = this.options.work ?? {};
    if (work !== false && typeof outbox.work === 'function') await outbox.work(work);
  }

  /**
   * Stops the outbox, waiting for deliveries in flight: before shutdown rather than on module
   * destroy, so a delivery still has the providers it uses until its job is completed.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (typeof this.outbox.stop === 'function') await this.outbox.stop();
  }
}
