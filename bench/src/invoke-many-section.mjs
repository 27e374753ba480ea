/**
 * The "Bulk: invokeMany" section of BENCHMARKS.md. `pnpm bench:many` writes it to
 * results/invoke-many.md and into BENCHMARKS.md; `pnpm bench` regenerates BENCHMARKS.md and keeps it,
 * so neither run erases the other's numbers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const SECTION_FILE = new URL('../results/invoke-many.md', import.meta.url);
const ROOT_BENCHMARKS = new URL('../../BENCHMARKS.md', import.meta.url);
const HEADING = '## Bulk: invokeMany';

/** The saved section, or '' when `pnpm bench:many` has not been run. */
export function readBulkSection() {
  return existsSync(SECTION_FILE) ? `\n${readFileSync(SECTION_FILE, 'utf8')}` : '';
}

/** Saves the section and puts it in BENCHMARKS.md in place of the previous one (or at the end). */
export function writeBulkSection(/** @type {string} */ markdown) {
  const section = `${HEADING}\n\n${markdown.trim()}\n`;
  writeFileSync(SECTION_FILE, section);
  const current = existsSync(ROOT_BENCHMARKS) ? readFileSync(ROOT_BENCHMARKS, 'utf8') : '';
  const at = current.indexOf(HEADING);
  const before = (at === -1 ? current : current.slice(0, at)).trimEnd();
  writeFileSync(ROOT_BENCHMARKS, `${before}\n\n${section}`);
}
