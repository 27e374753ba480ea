// The expect of @jest/globals (Jest's own typings, what ESM projects import).
import { expect } from '@jest/globals';
import '@journeykit/testkit/jest';
import { defineJourneys } from '@journeykit/core';
import { FakeJourneysClient } from '@journeykit/testkit';

const fake = new FakeJourneysClient();
expect(fake).toHaveInvokedJourney('welcome', { user_id: 'u1' });
expect(fake).not.toHaveInvokedJourneyTimes('welcome', 2);
// @ts-expect-error times is a number
expect(fake).toHaveInvokedJourneyTimes('welcome', 'two');

const typed = new FakeJourneysClient({ catalog: defineJourneys({ welcome: {} }) });
// @ts-expect-error not in the catalog
expect(typed).toHaveInvokedJourney('welcom');
