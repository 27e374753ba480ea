/**
 * Every attribute, event and metric name this package writes, in one place. Names that an
 * OpenTelemetry semantic convention defines are used as that convention spells them; the others
 * live under `journeykit.` and are documented in the README's tables.
 */

// Semantic conventions (stable unless noted), spelled out so that the only runtime dependency
// stays `@opentelemetry/api`.
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const ATTR_HTTP_REQUEST_RESEND_COUNT = 'http.request.resend_count';
/** Development status in the semantic conventions (the `user` namespace); only with `recordUserId`. */
export const ATTR_USER_ID = 'user.id';

// journeykit's own.
/** The call: `invoke`, `cancel`, `runs.get`, `runs.steps`, `runs.list`, `journeys.list`, `journeys.get`, `journeys.versions`. */
export const ATTR_CALL_KIND = 'journeykit.call.kind';
/** The journey's template ID or alias, as the caller gave it. */
export const ATTR_JOURNEY = 'journeykit.journey';
/** The run: started by the invoke (on success), or cancelled / read. */
export const ATTR_RUN_ID = 'journeykit.run.id';
/** `success` or `failure`. */
export const ATTR_OUTCOME = 'journeykit.outcome';
/** HTTP attempts sent (0 when validation stopped the call). */
export const ATTR_ATTEMPTS = 'journeykit.attempts';
/** The attempt an event is about, 1 for the first. */
export const ATTR_ATTEMPT = 'journeykit.attempt';
/** How long one attempt took, in ms. */
export const ATTR_ATTEMPT_DURATION = 'journeykit.attempt.duration_ms';
/** Why a retry follows: `connection`, `timeout` or `status`. */
export const ATTR_RETRY_REASON = 'journeykit.retry.reason';
/** The wait before the next attempt, in ms. */
export const ATTR_RETRY_DELAY = 'journeykit.retry.delay_ms';
/** The outbox's pg-boss queue. */
export const ATTR_OUTBOX_QUEUE = 'journeykit.outbox.queue';
/** Why an invocation was dead-lettered: `permanent` or `horizon`. */
export const ATTR_DEAD_LETTER_REASON = 'journeykit.outbox.dead_letter.reason';

export const EVENT_ATTEMPT = 'journeykit.attempt';
export const EVENT_RETRY = 'journeykit.retry';

export const METRIC_CALLS = 'journeykit.client.calls';
export const METRIC_CALL_DURATION = 'journeykit.client.call.duration';
export const METRIC_RETRIES = 'journeykit.client.retries';
export const METRIC_OUTBOX_ENQUEUED = 'journeykit.outbox.enqueued';
export const METRIC_OUTBOX_DELIVERED = 'journeykit.outbox.delivered';
export const METRIC_OUTBOX_RETRIED = 'journeykit.outbox.retried';
export const METRIC_OUTBOX_DEAD_LETTERED = 'journeykit.outbox.dead_lettered';
export const METRIC_OUTBOX_OLDEST_PENDING_AGE = 'journeykit.outbox.oldest_pending.age';
