/**
 * Which characters count as control characters wherever journeykit refuses them (a template ID
 * or run id that becomes a path segment, a query value, an API key that becomes a header).
 */

/**
 * C0 controls (U+0000-U+001F), DEL (U+007F) and the C1 controls (U+0080-U+009F). The C1 range is
 * included on purpose, the wider of the two ranges journeykit used to have: like CR or NUL, a C1
 * control is invisible in a log line or a terminal (U+0085 is even a line break to some), so an id
 * or key holding one shows as something it is not. It arrives the same way, from a bad copy and paste
 * or a decoding mistake (Windows-1252 bytes read as Latin-1), and no real id, template or key holds one.
 *
 * @example
 * ```ts
 * CONTROL_CHARACTERS.test('welcome\r\n'); // true
 * CONTROL_CHARACTERS.test('welcome\u0085'); // true (NEL, a C1 control)
 * CONTROL_CHARACTERS.test('bienvenue-été'); // false
 * ```
 */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
