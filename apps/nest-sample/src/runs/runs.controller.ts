import { Controller, Get, Param } from '@nestjs/common';
import type { JourneyRun, JourneyRunStep } from '@journeykit/core';
import { JourneysService } from '@journeykit/nestjs';

@Controller('runs')
export class RunsController {
  constructor(private readonly journeys: JourneysService) {}

  /**
   * `GET /runs/:runId` → 200 `{ run, steps }`: where a journey run is (`PROCESSING`, `WAITING`,
   * `PROCESSED`, `CANCELED`, ...) and each step it went through, with the `message_id` of every
   * message it sent (look it up in Courier's message logs). For a support screen: "where is this
   * user's journey?". An unknown run (or one past Courier's 95-day retention) is a 404 through
   * `JourneysExceptionFilter`.
   */
  @Get(':runId')
  async show(@Param('runId') runId: string): Promise<{ run: JourneyRun; steps: JourneyRunStep[] }> {
    const [run, steps] = await Promise.all([this.journeys.runs.get(runId), this.journeys.runs.steps(runId)]);
    return { run, steps };
  }
}
