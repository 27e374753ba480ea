import { Body, Controller, Post } from '@nestjs/common';
import { OnboardingService, type SignupInput } from './onboarding.service.js';

@Controller('signup')
export class SignupController {
  constructor(private readonly onboarding: OnboardingService) {}

  /** `POST /signup {"email": "ada@example.com", "name": "Ada", "plan": "pro"}` → 201 `{ runId }`. */
  @Post()
  signUp(@Body() body: SignupInput = {}): Promise<{ runId: string }> {
    return this.onboarding.signUp(body ?? {});
  }
}
