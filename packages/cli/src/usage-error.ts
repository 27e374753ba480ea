/** A mistake in the command line or its inputs (a flag, a mapping, a header): printed with a hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
