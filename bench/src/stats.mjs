/** Small statistics helpers shared by the client child and the runner. */

/**
 * Nearest-rank percentile of an ascending-sorted array.
 * @param {ArrayLike<number>} sorted
 * @param {number} p between 0 and 100
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? NaN;
}

/** @param {readonly number[]} values */
export function median(values) {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const mid = finite.length >> 1;
  const at = (/** @type {number} */ i) => /** @type {number} */ (finite[i]);
  return finite.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}
