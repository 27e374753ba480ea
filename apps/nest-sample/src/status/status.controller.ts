import { Controller, Get } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig, JourneysTarget } from '../settings.js';

@Controller()
export class StatusController {
  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  /** `GET /` → where journeys go (never the key). */
  @Get()
  status(): { status: 'ok'; journeys: JourneysTarget; routes: string[] } {
    return {
      status: 'ok',
      journeys: this.config.get('journeysTarget', { infer: true }),
      routes: ['GET /', 'POST /signup', 'POST /orders', 'GET /runs/:runId'],
    };
  }
}
