// The cases both Jest runs share: Jest's globals (describe, it, expect) and the package's exports,
// loaded by each test file its own way (require in journeys.test.cjs, import in journeys.test.mjs).
module.exports = function defineCases(mode, { JourneysClient, FakeJourneysClient, startFakeCourier }) {
  describe(`@journeykit/testkit under Jest (${mode})`, () => {
    let server;
    let client;
    beforeAll(async () => {
      server = await startFakeCourier({ apiKey: 'test-key' });
      client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, retryDelayMs: 1 });
    });
    afterAll(async () => {
      await client.close();
      await server.close();
    });

    it('starts the fake Courier server and asserts on it with the matchers', async () => {
      server.inject({ kind: 'status', status: 503, stored: false });
      const { runId } = await client.invoke('welcome', { user_id: 'u1', data: { plan: 'pro' } });
      expect(server).toHaveInvokedJourney('welcome', { user_id: 'u1', data: { plan: expect.any(String) } });
      expect(server).toHaveInvokedJourneyTimes('welcome', 1);
      expect(server).not.toHaveInvokedJourney('goodbye');
      expect(server.invocations[0].runId).toBe(runId);
    });

    it('fails with a message that lists the invocations', async () => {
      const fake = new FakeJourneysClient();
      await fake.invoke('welcome', { user_id: 'u2' });
      expect(() => expect(fake).toHaveInvokedJourney('welcome', { user_id: 'u3' })).toThrow(
        /Expected journey "welcome" to have been invoked with a request matching[\s\S]*Invocations \(1\):/,
      );
      expect(() => expect(fake).toHaveInvokedJourneyTimes('welcome', 2)).toThrow(/invoked 2 times, but it was invoked 1 time/);
    });

    it('asserts cancels with the cancel matchers', async () => {
      const fake = new FakeJourneysClient({ journeys: { order: { cancelationToken: (r) => `order-${r.data.order_id}` } } });
      const { runId } = await fake.invoke('order', { user_id: 'u1', data: { order_id: 'o1' } });
      await fake.cancel({ cancelation_token: 'order-o1' });
      expect(fake).toHaveCanceledRun({ cancelation_token: 'order-o1' });
      expect(fake).toHaveCanceledRun({ run_id: runId });
      expect(fake).toHaveCanceledJourney('order', { data: { order_id: 'o1' } });
      expect(() => expect(fake).toHaveCanceledRun({ run_id: 'nope' })).toThrow(/Expected a cancel of run "nope", but there was none/);
    });
  });
};
