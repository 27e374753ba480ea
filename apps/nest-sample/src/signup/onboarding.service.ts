import { Injectable } from '@nestjs/common';
import { JourneysService } from '@journeykit/nestjs';
import type { WelcomeData } from '../journeys.js';

export interface SignupInput {
  email: string;
  name?: string;
  plan?: WelcomeData['plan'];
}

/** Starts the welcome journey for a new sign-up. Injects JourneysService by type. */
@Injectable()
export class OnboardingService {
  constructor(private readonly journeys: JourneysService) {}

  /**
   * Courier finds (or creates) the user by email, so the profile's email is the identifier here.
   * The input goes to journeykit as given: its validation is what rejects a sign-up without an
   * email, the catalog rejects an unknown plan, and JourneysExceptionFilter turns either into a 400.
   */
  async signUp(input: SignupInput): Promise<{ runId: string }> {
    const { runId } = await this.journeys.invoke('welcome', {
      profile: { email: input.email, ...(input.name === undefined ? {} : { name: input.name }) },
      data: { plan: input.plan ?? 'free' },
    });
    return { runId };
  }
}
