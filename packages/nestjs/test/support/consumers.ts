import type { InvokeResponse, JourneysInvoker } from '@journeykit/core';
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { InjectJourneys, JourneysService, type JourneysModuleOptions, type JourneysOptionsFactory } from '../../src/index.js';

/** Depends on JourneysService by type only: no @Inject, so it needs emitted decorator metadata. */
@Injectable()
export class Greeter {
  constructor(readonly journeys: JourneysService) {}

  welcome(userId: string): Promise<InvokeResponse> {
    return this.journeys.invoke('welcome', { user_id: userId, data: { source: 'greeter' } });
  }
}

/** Depends on the interface through the token. */
@Injectable()
export class TokenGreeter {
  constructor(@InjectJourneys() readonly journeys: JourneysInvoker) {}
}

/** Where the tests' Courier lives, as an app's config service would hold it. */
export class CourierSettings {
  constructor(
    readonly apiKey: string,
    readonly baseUrl: string,
  ) {}
}

/** A `useClass` / `useExisting` options factory; it gets CourierSettings injected by type. */
@Injectable()
export class JourneysConfig implements JourneysOptionsFactory {
  calls = 0;
  constructor(private readonly settings: CourierSettings) {}

  async createJourneysOptions(): Promise<JourneysModuleOptions> {
    this.calls++;
    return { apiKey: this.settings.apiKey, baseUrl: this.settings.baseUrl, maxRetries: 0 };
  }
}

/** Stands in for ConfigModule: exports the settings and the options factory. */
@Module({})
export class SettingsModule {
  static with(settings: CourierSettings): DynamicModule {
    return {
      module: SettingsModule,
      providers: [{ provide: CourierSettings, useValue: settings }, JourneysConfig],
      exports: [CourierSettings, JourneysConfig],
    };
  }
}

/** A feature module that uses journeys without importing JourneysModule (needs isGlobal). */
@Module({ providers: [Greeter], exports: [Greeter] })
export class FeatureModule {}
