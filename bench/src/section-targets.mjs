/**
 * The targets a bench section measured, as `results/targets-<section>.json`:
 * `{ section, node, loadStart, loadEnd, rows: [{ target, limit, measured, met }] }`. Sections that run
 * as their own scripts (invokeMany, telemetry, outbox) write it; `pnpm bench` reads it back into the
 * one Targets table at the top of BENCHMARKS.md.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const RESULTS_DIR = new URL('../results/', import.meta.url);

/**
 * @typedef {{ target: string, limit: string | number, measured: string | number, met: boolean | null }} TargetRow
 * @typedef {{ section: string, node: string, loadStart: number, loadEnd: number, rows: TargetRow[] }} SectionTargets
 */

/** @param {string} section */
const targetsFile = (section) => new URL(`targets-${section}.json`, RESULTS_DIR);

/**
 * @param {string} section
 * @param {{ loadStart: number, loadEnd: number, rows: TargetRow[] }} result
 */
export function writeSectionTargets(section, result) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  /** @type {SectionTargets} */
  const body = { section, node: process.version, ...result };
  writeFileSync(targetsFile(section), `${JSON.stringify(body, null, 2)}\n`);
}

/**
 * The section's targets if its script wrote them at or after `since` (ms since the epoch), else undefined:
 * an older file is another run's verdict.
 * @param {string} section
 * @param {number} since
 * @returns {SectionTargets | undefined}
 */
export function readSectionTargets(section, since) {
  const file = targetsFile(section);
  if (!existsSync(file) || statSync(file).mtimeMs < since) return undefined;
  return JSON.parse(readFileSync(file, 'utf8'));
}
