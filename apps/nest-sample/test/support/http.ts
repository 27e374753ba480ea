// The same small HTTP helper the @journeykit/nestjs tests use: one copy for both.
export { httpJson, type HttpAnswer } from '../../../../packages/nestjs/test/support/http.js';
