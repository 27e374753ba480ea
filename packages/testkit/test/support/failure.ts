/** The message of the assertion `fn` makes; fails the test if the assertion passed. */
export function failureOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the assertion to fail');
}
