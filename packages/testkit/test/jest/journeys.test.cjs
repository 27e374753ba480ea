// Runs under real Jest in its default CommonJS mode (no --experimental-vm-modules), against the
// built package: startFakeCourier() must not need import(), and the matchers come from
// @journeykit/testkit/jest (loaded by setupFilesAfterEnv).
const core = require('@journeykit/core');
const testkit = require('@journeykit/testkit');
const defineCases = require('./journeys.cases.cjs');

defineCases('CommonJS', { ...core, ...testkit });
