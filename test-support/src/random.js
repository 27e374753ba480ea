// Plain JavaScript (with random.d.ts beside it) so the bench scripts can import it under plain node.

/**
 * A reproducible stream of numbers in [0, 1) for a seed (mulberry32: tiny, fast, and good enough
 * to decide which request a fault hits; not for secrets).
 * @param {number} seed
 * @returns {() => number}
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
