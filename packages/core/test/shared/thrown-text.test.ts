import { describe, expect, it } from 'vitest';
import { thrownText } from '../../src/shared/thrown-text.js';

const throwingMessage = new Error('hidden');
Object.defineProperty(throwingMessage, 'message', {
  get() {
    throw new Error('the getter threw');
  },
});
const revoked = Proxy.revocable({}, {});
revoked.revoke();

describe('thrownText: the text of anything thrown, never throwing itself', () => {
  it.each<[string, unknown, string, string]>([
    ['an Error', new TypeError('boom'), 'boom', 'TypeError: boom'],
    ['a string', 'disk full', 'disk full', 'disk full'],
    ['a number', 42, '42', '42'],
    ['undefined', undefined, 'undefined', 'undefined'],
    ['a null-prototype object (no toString)', Object.create(null), 'an unprintable [object Object]', 'an unprintable [object Object]'],
    ['an Error whose message getter throws', throwingMessage, 'an unprintable [object Error]', 'an unprintable [object Error]'],
    [
      'a value whose toString throws',
      {
        toString: () => {
          throw new Error('no');
        },
      },
      'an unprintable [object Object]',
      'an unprintable [object Object]',
    ],
    ['a revoked Proxy', revoked.proxy, 'an unprintable value', 'an unprintable value'],
  ])('%s', (_name, thrown, text, withName) => {
    expect(thrownText(thrown)).toBe(text);
    expect(thrownText(thrown, { withName: true })).toBe(withName);
  });
});
