import { formatIssuePath, type JourneysError, type JourneysValidationError } from '@journeykit/core';

const MAX_PATHS = 10;

/**
 * The span status message for a failed call. A validation message quotes what each schema said
 * about a field, and a schema may quote the value (`expected 'a' | 'b', got 'sk_live...'`): for
 * those only the field paths go into the trace, never the values. Other messages are journeykit's
 * own and never carry `profile` or `data`.
 */
export function describeError(error: JourneysError): string {
  if (error.code !== 'ERR_JOURNEYS_VALIDATION') return error.message;
  const { issues, unlisted } = error as JourneysValidationError;
  if (!Array.isArray(issues)) return 'Invalid journey invocation; nothing was sent';
  const total = issues.length + (unlisted ?? 0);
  const paths = issues.slice(0, MAX_PATHS).map((issue) => formatIssuePath(issue.path));
  const more = total > paths.length ? `, and ${total - paths.length} more` : '';
  return `Invalid journey invocation (${total} problem${total === 1 ? '' : 's'}); nothing was sent: ${paths.join(', ')}${more}`;
}
