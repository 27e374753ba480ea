import { describe, expect, it } from 'vitest';
import { CONTROL_CHARACTERS } from '../../src/shared/control-characters.js';

describe('CONTROL_CHARACTERS: C0, DEL and C1, the range every refusal uses', () => {
  it.each([
    ['NUL', '\u0000', true],
    ['LF', '\n', true],
    ['CR', '\r', true],
    ['U+001F', '\u001f', true],
    ['DEL', '\u007f', true],
    ['U+0080 (first C1)', '\u0080', true],
    ['NEL, U+0085 (C1)', '\u0085', true],
    ['U+009F (last C1)', '\u009f', true],
    ['a space', ' ', false],
    ['~', '~', false],
    ['no-break space, U+00A0', '\u00a0', false],
    ['é', 'é', false],
    ['U+2028 (a line separator, not a control: refused elsewhere where it matters)', '\u2028', false],
  ])('%s: %j -> %s', (_name, char, refused) => {
    expect(CONTROL_CHARACTERS.test(`id${char}x`)).toBe(refused);
  });
});
