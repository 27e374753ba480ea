// Jest as a user runs it: the built package by name, the matchers from setupFilesAfterEnv.
// The same config serves both modes; the ESM run adds node's --experimental-vm-modules.
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.test.cjs', '<rootDir>/*.test.mjs'],
  setupFilesAfterEnv: ['@journeykit/testkit/jest'],
  transform: {},
  testEnvironment: 'node',
};
