import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { JourneysExceptionFilter, JourneysModule } from '@journeykit/nestjs';
import { OrdersController } from './orders/orders.controller.js';
import { OrdersService } from './orders/orders.service.js';
import type { AppConfig } from './settings.js';
import { OnboardingService } from './signup/onboarding.service.js';
import { SignupController } from './signup/signup.controller.js';
import { RunsController } from './runs/runs.controller.js';
import { StatusController } from './status/status.controller.js';
import { catalog } from './journeys.js';

@Module({})
export class AppModule {
  /** The app, configured with `config` (see `start()`, which reads it from the environment). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => config] }),
        JourneysModule.forRootAsync({
          isGlobal: true,
          imports: [ConfigModule],
          inject: [ConfigService],
          // The catalog checks every call's data before it is sent: a bad body is a 400, not a broken email.
          useFactory: (settings: ConfigService<AppConfig, true>) => ({ ...settings.get('courier', { infer: true }), catalog }),
        }),
      ],
      controllers: [StatusController, SignupController, OrdersController, RunsController],
      providers: [OnboardingService, OrdersService, { provide: APP_FILTER, useClass: JourneysExceptionFilter }],
    };
  }
}
