/**
 * Plumbing shared by the journeykit packages (the Express and Nest adapters, the test kit, the
 * outbox, the command line, the OpenTelemetry instrumentation): validation entry points, option
 * checks, catalog wrappers, the identity merge, the error-to-HTTP mapping, and the helpers every
 * package uses alike (the control-character range, the text of a thrown value). Not for applications: it changes with journeykit's
 * packages, which are released together: one version number for all of them, the `fixed` group in
 * `.changeset/config.json` (compare `@nestjs/bull-shared`).
 *
 * @example
 * ```ts
 * import { prepareInvocation } from '@journeykit/core/internal';
 * const { body, userId } = prepareInvocation('welcome', { user_id: 'u1' });
 * ```
 *
 * @packageDocumentation
 */
export { CONTACT_FIELDS, IDENTIFIER_SOURCES, hasContactInfo } from './input/identifiers.js';
export { isPlainObject } from './input/json-values.js';
export { identityIssues, prepareInvocation, type PreparedInvocation } from './input/validate.js';
export {
  GENERATED_KEY_PREFIX,
  MAX_KEY_EXPIRATION_MS,
  MIN_KEY_EXPIRATION_MS,
  collectOptionIssues,
  generateIdempotencyKey,
  raiseKeyExpiration,
} from './input/call-options.js';
export { parseRetryAfter } from './contract/retry-after.js';
export { isLoopbackHost } from './input/base-url.js';
export { buildCancelationToken, isJourneyCatalog } from './catalog/catalog.js';
export { withIdentity, type RequestIdentity } from './input/identity-merge.js';
export { journeysErrorBody, type JourneysErrorBody } from './adapters/http-answer.js';
export { checkErrorHandlerOptions } from './adapters/error-handler-options.js';
export { classifyFailure, type FailureClass } from './errors/failure-class.js';
export { assertJourneyCatalog, untypedOf, withCatalog, type JourneysCatalogOption } from './adapters/catalog-invoker.js';
export { resolveInvoker, type ResolvedInvoker } from './adapters/resolve-invoker.js';
export { CLIENT_OPTION_NAMES } from './client/client-options.js';
export { rejectUnknownOptions } from './input/option-names.js';
export { isNotInCatalog, prepareEnqueue, type EnqueueRules, type PreparedEnqueue } from './adapters/enqueuer.js';
export { followCursorPages, followRunPages, type CursorPage, type RunsPageResult } from './calls/run-pages.js';
export {
  MAX_RUNS_PAGE_SIZE,
  cancelBody,
  checkRunId,
  checkWaitOptions,
  isoTimeSpan,
  journeyGetInput,
  journeysListQuery,
  runsQuery,
} from './input/lifecycle-input.js';
export { waitForRun } from './calls/run-wait.js';
export type { WaitTimers } from './shared/abort-listeners.js';
export { forwardLifecycle, type LifecycleOwner } from './adapters/lifecycle-forwarding.js';
export {
  RequestJourneys,
  identifyWithin,
  type AdapterNames,
  type BoundRequestJourneys,
  type IdentifyRequest,
  type RequestJourneysContext,
} from './adapters/request-journeys.js';
export { callHook } from './pipeline/hooks.js';
export { StoppableSource } from './bulk/stoppable-source.js';
export { CONTROL_CHARACTERS } from './shared/control-characters.js';
export { thrownText } from './shared/thrown-text.js';
// Moved from the user entry (issue 25): only journeykit's own packages import these.
export { formatIssuePath, type JourneysErrorOptions } from './errors/errors.js';
export { MAX_LISTED_ISSUES } from './errors/issue-list.js';
export type { JourneysAttemptEnd, JourneysCallInfo, JourneysCallObserver } from './pipeline/telemetry.js';
export type { AnyJourneyCatalog, CancelationTokenRules, DefinitionRequest, JourneyDefinition, JourneyDefinitions } from './catalog/catalog.js';
export type { InferSchemaInput } from './catalog/standard-schema.js';
export { FINISHED_RUN_STATUSES } from './contract/journey-runs.js';
