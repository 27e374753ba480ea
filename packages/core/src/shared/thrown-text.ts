/**
 * The text of something thrown, for a message or a warning. One rule for every package: a thrown
 * value may be anything (`Object.create(null)`, a throwing `message` getter or `toString`, a
 * revoked Proxy), and describing a failure must not fail in turn.
 */

/**
 * An `Error`'s `message` (with its `name` in front when `withName` is set: `TypeError: boom`),
 * anything else as `String()` prints it; never throws.
 *
 * @example
 * ```ts
 * thrownText(new TypeError('boom')); // 'boom'
 * thrownText(new TypeError('boom'), { withName: true }); // 'TypeError: boom'
 * thrownText(Object.create(null)); // 'an unprintable [object Object]'
 * ```
 */
export function thrownText(thrown: unknown, options?: { withName?: boolean }): string {
  try {
    if (!(thrown instanceof Error)) return String(thrown);
    const message = String(thrown.message);
    return options?.withName === true ? `${String(thrown.name)}: ${message}` : message;
  } catch {
    try {
      return `an unprintable ${Object.prototype.toString.call(thrown)}`;
    } catch {
      return 'an unprintable value';
    }
  }
}
