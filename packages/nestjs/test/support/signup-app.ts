import { Body, Controller, Module, Post, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { JourneysExceptionFilter, JourneysModule, JourneysService, type JourneysModuleOptions } from '../../src/index.js';

interface SignupBody {
  email?: string;
  plan?: string;
}

@Controller('signup')
class SignupController {
  constructor(private readonly journeys: JourneysService) {}

  @Post()
  signUp(@Body() body: SignupBody) {
    return this.journeys.invoke('welcome', { profile: { email: body.email }, data: { plan: body.plan ?? 'free' } });
  }
}

/** A small HTTP app: POST /signup starts the welcome journey; journeys errors go through the filter. */
@Module({})
export class SignupAppModule {
  static with(options: JourneysModuleOptions): DynamicModule {
    return {
      module: SignupAppModule,
      imports: [JourneysModule.forRoot(options)],
      controllers: [SignupController],
      providers: [{ provide: APP_FILTER, useClass: JourneysExceptionFilter }],
    };
  }
}
