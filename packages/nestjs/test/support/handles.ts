/**
 * Sockets, servers and other I/O handles this process holds (timers are left out: Nest and
 * undici keep short-lived ones that come and go on their own).
 */
export function ioHandles(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((kind) => kind !== 'Timeout' && kind !== 'Immediate')
    .sort();
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((kind, i) => kind === b[i]);

/**
 * The handles held once nothing is closing any more: a handle stays listed for a moment after
 * the `close()` that ended it resolved, so a baseline taken mid-close would count it.
 */
export async function quietHandles(withinMs = 1_000): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  let before = ioHandles();
  for (;;) {
    await tick();
    const now = ioHandles();
    if (same(now, before) || Date.now() > deadline) return now;
    before = now;
  }
}

/**
 * Waits until the process holds no more I/O handles than `baseline` (a socket's close event
 * may land a tick after `close()` resolved), then returns what it holds.
 */
export async function settledHandles(baseline: readonly string[], withinMs = 2_000): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  let now = ioHandles();
  while (now.length > baseline.length && Date.now() < deadline) {
    await tick();
    now = ioHandles();
  }
  return now;
}
