// Runs under real Jest in its ESM mode (node --experimental-vm-modules), against the built
// package, as a Nest 12 project (ESM-only) does; the matchers come from @journeykit/testkit/jest
// (loaded by setupFilesAfterEnv).
import { expect as jestExpect } from '@jest/globals';
import * as core from '@journeykit/core';
import * as testkit from '@journeykit/testkit';
import defineCases from './journeys.cases.cjs';

defineCases('ESM, --experimental-vm-modules', { ...core, ...testkit });

it('registers the matchers on the expect of @jest/globals too', async () => {
  const fake = new testkit.FakeJourneysClient();
  await fake.invoke('welcome', { user_id: 'u1' });
  jestExpect(fake).toHaveInvokedJourneyTimes('welcome', 1);
});
