/**
 * `pnpm bench -- --profile`: CPU-profiles the measured phase of JourneysClient (and of raw
 * undici, the ceiling, for comparison) at 64 in flight with 200 B of data, summarises where
 * JourneysClient's time goes step by step, times each step in isolation, and writes
 * results/profile.md + results/profile.json (+ the .cpuprofile files, for Chrome DevTools).
 * --only, a single --concurrency and a single --sizes value pick another cell.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runClientChild, startInvokeServer } from './child-processes.mjs';
import { describeMachine } from './machine.mjs';
import { DATA_SIZES } from './payloads.mjs';
import { summariseProfile } from './profile-summary.mjs';
import { measureStepCosts } from './step-costs.mjs';

const PROFILE_DIR = new URL('../results/profile/', import.meta.url);
const RESULTS_DIR = new URL('../results/', import.meta.url);
const SAMPLING_INTERVAL_US = 100;

const us = (/** @type {number} */ n) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const pct = (/** @type {number} */ n) => `${(n * 100).toFixed(1)}%`;

/** @param {import('./cli-options.mjs').BenchOptions} options */
export async function runProfile(options) {
  const concurrency = options.concurrency.length === 1 ? options.concurrency[0] : 64;
  const size = options.sizes.length === 1 ? options.sizes[0] : '200B';
  const implementations = options.implementations.filter((id) => id !== 'courier' || options.implementations.length === 1);
  mkdirSync(PROFILE_DIR, { recursive: true });
  const server = await startInvokeServer();
  /** @type {Record<string, any>} */
  const profiles = {};
  try {
    console.log(
      `Profiling ${implementations.join(', ')} at ${concurrency} in flight, ${size} of data, ${options.invokes} invokes after ${options.warmup} warm-up...`,
    );
    for (const impl of implementations) {
      const profilePath = fileURLToPath(new URL(`${impl}-${concurrency}-${size}.cpuprofile`, PROFILE_DIR));
      const result = /** @type {any} */ (
        await runClientChild(
          {
            impl,
            url: server.url,
            apiKey: 'bench-key',
            concurrency,
            dataBytes: DATA_SIZES[/** @type {keyof typeof DATA_SIZES} */ (size)],
            warmup: options.warmup,
            invokes: options.invokes,
            maxSeconds: 0,
            profilePath,
            profileIntervalUs: SAMPLING_INTERVAL_US,
          },
          { timeoutMs: 10 * 60 * 1000 },
        )
      );
      const summary = summariseProfile(JSON.parse(readFileSync(profilePath, 'utf8')), result.invokes);
      profiles[impl] = {
        profilePath,
        run: { invokesPerSecond: result.invokesPerSecond, p99Ms: result.p99Ms, cpuMsPer1k: result.cpuMsPer1k },
        summary,
      };
    }
  } finally {
    await server.stop();
  }
  const stepCosts = implementations.includes('core') ? measureStepCosts(Object.keys(DATA_SIZES)) : [];
  const report = {
    generatedAt: new Date().toISOString(),
    machine: describeMachine(),
    concurrency,
    size,
    invokes: options.invokes,
    profiles,
    stepCosts,
  };
  const markdown = renderProfile(report);
  writeFileSync(new URL('profile.json', RESULTS_DIR), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(new URL('profile.md', RESULTS_DIR), `${markdown}\n`);
  console.log(`\n${markdown}\nWrote ${fileURLToPath(new URL('profile.md', RESULTS_DIR))} (and profile.json, profile/*.cpuprofile).`);
}

/** @param {any} report */
function renderProfile(report) {
  const lines = [
    `# JourneysClient hot-path profile (${report.concurrency} in flight, ${report.size} of data)`,
    '',
    `${report.generatedAt.slice(0, 10)}, ${report.machine.cpuModel}, ${report.machine.cores} cores, Node ${report.machine.node}, load average ${report.machine.loadAverageAtStart.join(' / ')}.`,
    `Measured phase only (${report.invokes} invokes after warm-up), sampled every ${SAMPLING_INTERVAL_US} µs. Every sample is charged to the nearest`,
    'frame of core, undici or the bench on its stack, so Node internals count for the library that called them. µs are per invoke.',
    '',
    '## Where the client process spends its time',
    '',
    `| owner | ${Object.keys(report.profiles)
      .map((k) => `${k} µs/invoke | share`)
      .join(' | ')} |`,
    `|---|${Object.keys(report.profiles)
      .map(() => '---:|---:')
      .join('|')}|`,
  ];
  const owners = [...new Set(Object.values(report.profiles).flatMap((p) => Object.keys(p.summary.byOwner)))];
  for (const owner of owners) {
    const cells = Object.values(report.profiles).map((p) => {
      const o = p.summary.byOwner[owner];
      return o ? `${us(o.usPerInvoke)} | ${pct(o.share)}` : ' | ';
    });
    lines.push(`| ${owner} | ${cells.join(' | ')} |`);
  }
  const runs = Object.entries(report.profiles).map(
    ([k, p]) =>
      `${k}: ${Math.round(p.run.invokesPerSecond)} invokes/s, p99 ${p.run.p99Ms.toFixed(2)} ms, ${Math.round(p.run.cpuMsPer1k)} CPU ms / 1k (while profiled)`,
  );
  lines.push(
    '',
    `Sampled (non-idle) time per invoke: ${Object.entries(report.profiles)
      .map(([k, p]) => `${k} ${us(p.summary.usPerInvoke)} µs`)
      .join(', ')}. ${runs.join('; ')}.`,
    '',
  );
  lines.push("'adapter' is the bench's few lines per implementation: for raw undici, the caller's own JSON.stringify and body.json().", '');

  const core = report.profiles.core?.summary;
  if (core !== undefined) {
    lines.push(
      '## JourneysClient by hot-path step (core code and what it calls, undici excluded)',
      '',
      '| step | µs/invoke | share of process |',
      '|---|---:|---:|',
    );
    for (const [step, v] of Object.entries(core.steps))
      lines.push(`| ${step} | ${us(/** @type {any} */ (v).usPerInvoke)} | ${pct(/** @type {any} */ (v).share)} |`);
    lines.push(
      '',
      '## Top core lines by self time (source-mapped to packages/core/src)',
      '',
      '| µs/invoke | step | where | line |',
      '|---:|---|---|---|',
    );
    for (const l of core.coreLines.slice(0, 15))
      lines.push(`| ${us(l.usPerInvoke)} | ${l.step} | ${l.file.replace('../', '')}:${l.line} | \`${l.text.replace(/\|/g, '\\|').slice(0, 110)}\` |`);
    lines.push('', '## Node internals and builtins called from core', '', '| µs/invoke | step | core function | callee |', '|---:|---|---|---|');
    for (const c of core.coreCallees.slice(0, 10)) lines.push(`| ${us(c.usPerInvoke)} | ${c.step} | ${c.fn.replace('../', '')} | ${c.callee} |`);
  }
  if (report.stepCosts.length > 0) {
    lines.push(
      '',
      '## Steps timed in isolation (ns per call, median of 7 interleaved samples)',
      '',
      '| step | data | ns | note |',
      '|---|---|---:|---|',
    );
    for (const s of report.stepCosts) lines.push(`| ${s.step} | ${s.size} | ${Math.round(s.ns).toLocaleString('en-US')} | ${s.note} |`);
  }
  return lines.join('\n');
}
