import { Body, Controller, Post } from '@nestjs/common';
import { OnboardingService, type SignupInput } from './onboarding.service.js';

@Controller('signup')
export class SignupController {
  constructor(private readonly onboarding: OnboardingService) {}

  /**
   * `POST /signup {"email": "ada@example.com", "name": "Ada", "plan": "pro"}` → 201 `{ runId }`.
   * The body is typed, not checked: journeykit and the journey catalog check it (400 otherwise).
   */
  @Post()
  signUp(@Body() body: SignupInput | undefined): Promise<{ runId: string }> {
    // No body at all (no content-type) arrives as undefined: journeykit then reports the missing email.
    return this.onboarding.signUp(body ?? ({} as SignupInput));
  }
}
