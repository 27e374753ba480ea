/**
 * Names what a value is, never what it holds: messages built from it may reach logs and HTTP
 * answers, and the value may be a secret (an API key passed in the wrong option). A string is
 * described by its length, a number as "a number", an instance by its class: "an Order".
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value === '' ? 'an empty string' : `a string (${value.length} character${value.length === 1 ? '' : 's'})`;
    case 'number':
      return Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? 'a number' : 'an infinite number';
    case 'object': {
      const name = constructorName(value);
      return name === undefined || name === 'Object' ? 'an object' : withArticle(name);
    }
    default:
      return withArticle(typeof value);
  }
}

/** The class name of an object, when it has a readable one. */
export function constructorName(value: object): string | undefined {
  try {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined; // a Proxy or getter that throws: describe it as an object
  }
}

/** "a Date", "an Order", "an object". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
