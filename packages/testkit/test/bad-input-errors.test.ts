import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysApiError, JourneysConfigurationError } from '@journeykit/core';
import '../src/vitest.js';
import { toHaveInvokedJourney, toHaveInvokedJourneyTimes } from '../src/vitest.js';
import { toHaveEnqueuedJourney } from '../src/matchers/outbox-matchers.js';
import { FakeJourneysClient, FakeJourneysOutbox, startFakeCourier, type FakeCourierServer } from '../src/index.js';

// One rule for every entry point of the testkit: bad input is a JourneysConfigurationError
// (code ERR_JOURNEYS_CONFIG) whose message says what to pass, never a raw TypeError.

let server: FakeCourierServer;
beforeAll(async () => {
  server = await startFakeCourier();
});
afterAll(() => server.close());

/** What `act` threw or rejected with (sync throw and async rejection alike). */
async function thrownBy(act: () => unknown): Promise<unknown> {
  try {
    await act();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

const never = <T>(value: unknown): T => value as T;

describe('bad input is a JourneysConfigurationError that says what to fix', () => {
  it.each<[string, () => unknown, RegExp]>([
    // startFakeCourier options
    ['startFakeCourier(null)', () => startFakeCourier(never(null)), /startFakeCourier options must be an object/],
    ['startFakeCourier port -1', () => startFakeCourier({ port: -1 }), /port must be a whole number from 0 to 65535, got -1/],
    ['startFakeCourier apiKey ""', () => startFakeCourier({ apiKey: '' }), /apiKey must be a non-empty string/],
    ['startFakeCourier host ""', () => startFakeCourier({ host: '' }), /host must be a non-empty string/],
    ['startFakeCourier seed 1.5', () => startFakeCourier({ seed: 1.5 }), /seed must be a whole number/],
    ['startFakeCourier log "x"', () => startFakeCourier({ log: never('x') }), /log must be a function/],
    ['startFakeCourier maxRecords 0', () => startFakeCourier({ maxRecords: 0 }), /maxRecords must be a positive whole number/],
    ['startFakeCourier idempotencyKeyTtlMs too long', () => startFakeCourier({ idempotencyKeyTtlMs: 1e12 }), /at most a year/],
    ['startFakeCourier strictTriggerSchemas "yes"', () => startFakeCourier({ strictTriggerSchemas: never('yes') }), /true or false/],
    ['startFakeCourier clock {}', () => startFakeCourier({ clock: never({}) }), /clock must have now\(\)/],
    ['startFakeCourier unknown option', () => startFakeCourier(never({ idempotencyKeyTtl: 1 })), /unknown option "idempotencyKeyTtl"/],
    ['startFakeCourier journeys []', () => startFakeCourier({ journeys: never([]) }), /journeys must be an object keyed by template ID/],
    ['startFakeCourier catalog {}', () => startFakeCourier({ catalog: never({}) }), /catalog must be made by defineJourneys/],
    ['startFakeCourier runStatuses []', () => startFakeCourier({ runStatuses: never([]) }), /runStatuses must be a non-empty array/],
    ['startFakeCourier runStatuses [null]', () => startFakeCourier({ runStatuses: never([null]) }), /runStatuses\[0\] must be an object/],
    [
      'startFakeCourier runStatuses status ""',
      () => startFakeCourier({ runStatuses: never([{ status: '' }]) }),
      /\.status must be a non-empty string/,
    ],
    [
      'startFakeCourier runStatuses afterMs -1',
      () => startFakeCourier({ runStatuses: never([{ status: 'X', afterMs: -1 }]) }),
      /afterMs must be a number/,
    ],
    [
      'startFakeCourier runStatuses out of order',
      () =>
        startFakeCourier({
          runStatuses: never([
            { status: 'A', afterMs: 9 },
            { status: 'B', afterMs: 5 },
          ]),
        }),
      /comes before the previous step/,
    ],
    [
      'startFakeCourier runStatuses action ""',
      () => startFakeCourier({ runStatuses: never([{ status: 'A', action: '' }]) }),
      /\.action must be a non-empty string/,
    ],
    [
      'startFakeCourier journey settings null',
      () => startFakeCourier({ journeys: never({ welcome: null }) }),
      /must be an object like \{ cancelationToken, statuses \}/,
    ],
    [
      'startFakeCourier cancelationToken "x"',
      () => startFakeCourier({ journeys: never({ welcome: { cancelationToken: 'x' } }) }),
      /cancelationToken must be a function/,
    ],
    ['startFakeCourier chaos rate 2', () => startFakeCourier({ chaos: { rate: 2 } }), /chaos.rate must be a number from 0 to 1/],
    // journey definitions
    ['journeyDefinitions {}', () => startFakeCourier({ journeyDefinitions: never({}) }), /journeyDefinitions must be an array of journeys/],
    ['journeyDefinitions [1]', () => startFakeCourier({ journeyDefinitions: never([1]) }), /journeyDefinitions\[0\] must be an object/],
    [
      'journeyDefinitions id ""',
      () => startFakeCourier({ journeyDefinitions: never([{ id: '', name: 'n', nodes: [] }]) }),
      /\.id must be a non-empty string/,
    ],
    [
      'journeyDefinitions id twice',
      () =>
        startFakeCourier({
          journeyDefinitions: never([
            { id: 'a', name: 'n', nodes: [] },
            { id: 'a', name: 'n', nodes: [] },
          ]),
        }),
      /is given twice/,
    ],
    [
      'journeyDefinitions name 1',
      () => startFakeCourier({ journeyDefinitions: never([{ id: 'a', name: 1, nodes: [] }]) }),
      /\.name must be a string/,
    ],
    [
      'journeyDefinitions nodes {}',
      () => startFakeCourier({ journeyDefinitions: never([{ id: 'a', name: 'n', nodes: {} }]) }),
      /\.nodes must be an array/,
    ],
    [
      'journeyDefinitions state',
      () => startFakeCourier({ journeyDefinitions: never([{ id: 'a', name: 'n', nodes: [], state: 'x' }]) }),
      /\.state must be/,
    ],
    [
      'journeyDefinitions enabled',
      () => startFakeCourier({ journeyDefinitions: never([{ id: 'a', name: 'n', nodes: [], enabled: 1 }]) }),
      /\.enabled must be a boolean/,
    ],
    [
      'journeyDefinitions versions {}',
      () => startFakeCourier({ journeyDefinitions: never([{ id: 'a', name: 'n', nodes: [], versions: {} }]) }),
      /\.versions must be an array/,
    ],
    [
      'journeyDefinitions versions [1]',
      () => startFakeCourier({ journeyDefinitions: never([{ id: 'a', name: 'n', nodes: [], versions: [1] }]) }),
      /must be \{ version: string/,
    ],
    [
      'journeyDefinitions publishedAt',
      () =>
        startFakeCourier({
          journeyDefinitions: never([{ id: 'a', name: 'n', nodes: [], versions: [{ version: '1', nodes: [], publishedAt: 'soon' }] }]),
        }),
      /publishedAt must be an ISO 8601 timestamp/,
    ],
    // the running server
    ['inject(null)', () => server.inject(never(null)), /^inject\(\): .*must be an object/],
    ['inject() times 0', () => server.inject({ kind: 'drop' }, { times: 0 }), /^inject\(\): /],
    ['server.setRunStatus unknown run', () => server.setRunStatus('nope', 'PROCESSED'), /setRunStatus\(\): no run "nope"/],
    ['server.setRunStatus status ""', () => server.setRunStatus('nope', never('')), /setRunStatus\(\) needs a status/],
    ['server.setJourney template ""', () => server.setJourney('', {}), /the template ID must be a non-empty string/],
    // FakeJourneysClient
    ['FakeJourneysClient seed 1.5', () => new FakeJourneysClient({ seed: 1.5 }), /seed must be a whole number/],
    ['FakeJourneysClient maxRequestBytes 0', () => new FakeJourneysClient({ maxRequestBytes: 0 }), /maxRequestBytes must be a positive whole number/],
    [
      'FakeJourneysClient strictTriggerSchemas 1',
      () => new FakeJourneysClient({ strictTriggerSchemas: never(1) }),
      /strictTriggerSchemas must be true or false/,
    ],
    [
      'FakeJourneysClient rejectNext unknown call',
      () => new FakeJourneysClient().rejectNext(never('runs.delete'), new JourneysApiError('x', 500, {})),
      /call must be one of/,
    ],
    [
      'FakeJourneysClient rejectNext plain Error',
      () => new FakeJourneysClient().rejectNext('cancel', never(new Error('x'))),
      /rejectNext\(\) takes a JourneysError/,
    ],
    [
      'FakeJourneysClient when().reject plain Error',
      () => new FakeJourneysClient().when('x').reject(never(new Error('x'))),
      /reject\(\) takes a JourneysError/,
    ],
    [
      'FakeJourneysClient when().resolveOnce("")',
      () => new FakeJourneysClient().when('x').resolveOnce(''),
      /scripted runId must be a non-empty string/,
    ],
    [
      'FakeJourneysClient when().reject factory returning an Error',
      () => {
        const fake = new FakeJourneysClient();
        fake.when('x').reject(never(() => new Error('x')));
        return fake.invoke('x', { user_id: 'u1' });
      },
      /scripted error factory must return a JourneysError/,
    ],
    // FakeJourneysOutbox
    ['FakeJourneysOutbox seed 1.5', () => new FakeJourneysOutbox({ seed: 1.5 }), /seed must be a whole number/],
    // matchers
    ['toHaveInvokedJourney on a non-fake', () => toHaveInvokedJourney({}, 'welcome'), /toHaveInvokedJourney\(\) needs a FakeJourneysClient/],
    ['toHaveInvokedJourney template 1', () => toHaveInvokedJourney(new FakeJourneysClient(), never(1)), /needs the template ID as a string/],
    ['toHaveInvokedJourneyTimes -1', () => toHaveInvokedJourneyTimes(new FakeJourneysClient(), 'welcome', -1), /needs a whole number >= 0/],
    ['toHaveCanceledRun on a non-fake', () => expect({}).toHaveCanceledRun({ run_id: 'r' }), /anything with a cancellations array/],
    [
      'toHaveCanceledRun bad target',
      () => expect(new FakeJourneysClient()).toHaveCanceledRun(never({})),
      /needs \{ run_id \} or \{ cancelation_token \}/,
    ],
    ['toHaveEnqueuedJourney on a non-outbox', () => toHaveEnqueuedJourney({}, 'welcome'), /needs a FakeJourneysOutbox/],
  ])('%s', async (_name, act, message) => {
    const error = await thrownBy(act);
    expect(error).toBeInstanceOf(JourneysConfigurationError);
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_CONFIG' });
    expect((error as Error).message).toMatch(message);
  });
});
