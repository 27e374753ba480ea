// @types/jest's global expect, the matchers registered by setupFilesAfterEnv and typed by this
// one import (a types-only file would do: `/// <reference types="@journeykit/testkit/jest" />`).
import type {} from '@journeykit/testkit/jest';
import { defineJourneys } from '@journeykit/core';
import { FakeJourneysClient } from '@journeykit/testkit';

const fake = new FakeJourneysClient();
expect(fake).toHaveInvokedJourney('welcome', { user_id: 'u1', data: { plan: expect.any(String) } });
expect(fake).not.toHaveInvokedJourneyTimes('welcome', 2);
// @ts-expect-error times is a number
expect(fake).toHaveInvokedJourneyTimes('welcome', 'two');

const typed = new FakeJourneysClient({ catalog: defineJourneys({ welcome: {} }) });
expect(typed).toHaveInvokedJourney('welcome');
// @ts-expect-error not in the catalog
expect(typed).toHaveInvokedJourney('welcom');

expect(fake).toHaveCanceledRun({ cancelation_token: 'order-o1' });
expect(fake).not.toHaveCanceledRun({ run_id: 'r1' });
// @ts-expect-error run_id or cancelation_token, not both
expect(fake).toHaveCanceledRun({ run_id: 'r1', cancelation_token: 't' });
expect(typed).toHaveCanceledJourney('welcome', { user_id: 'u1' });
// @ts-expect-error not in the catalog
expect(typed).toHaveCanceledJourney('welcom');
