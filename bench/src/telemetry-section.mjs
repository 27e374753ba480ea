/**
 * The "Telemetry overhead" section of BENCHMARKS.md. `pnpm bench:telemetry` writes it between its
 * markers; `pnpm bench` regenerates BENCHMARKS.md and keeps it, so neither run erases the other's numbers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const ROOT_BENCHMARKS = new URL('../../BENCHMARKS.md', import.meta.url);
const BLOCK = /<!-- telemetry-bench -->[\s\S]*<!-- \/telemetry-bench -->\n?/;

/** The section now in BENCHMARKS.md (with a blank line before it), or ''. */
export function readTelemetrySection() {
  const current = existsSync(ROOT_BENCHMARKS) ? readFileSync(ROOT_BENCHMARKS, 'utf8') : '';
  const match = BLOCK.exec(current);
  return match ? `\n${match[0].trimEnd()}\n` : '';
}

/** Puts the section in BENCHMARKS.md in place of the previous one (or at the end). */
export function writeTelemetrySection(/** @type {string} */ markdown) {
  const block = `<!-- telemetry-bench -->\n${markdown.trim()}\n<!-- /telemetry-bench -->\n`;
  const current = existsSync(ROOT_BENCHMARKS) ? readFileSync(ROOT_BENCHMARKS, 'utf8') : '';
  writeFileSync(ROOT_BENCHMARKS, BLOCK.test(current) ? current.replace(BLOCK, block) : `${current.trimEnd()}\n\n${block}`);
}
