/**
 * Turns raw runs into medians, checks the targets of issues 7, 28 and 29, and renders the markdown.
 * Pure functions of the results object, so the same JSON can be re-rendered later.
 */
import { IMPLEMENTATIONS } from './implementations.mjs';
import { median } from './stats.mjs';

/**
 * @typedef {{ invokes: number, seconds: number, invokesPerSecond: number, p50Ms: number, p99Ms: number, cpuMsPer1k: number, peakRssMb: number }} RunResult
 * @typedef {{ implementation: string, concurrency: number, size: string, runs: (RunResult & { round: number })[], median?: RunResult }} Cell
 */

const METRICS = /** @type {const} */ (['invokes', 'seconds', 'invokesPerSecond', 'p50Ms', 'p99Ms', 'cpuMsPer1k', 'peakRssMb']);

/** @param {Cell} cell */
export function withMedian(cell) {
  const m = /** @type {RunResult} */ ({});
  for (const key of METRICS) m[key] = median(cell.runs.map((r) => r[key]));
  // (median of an empty list is NaN, which the table prints as n/a)
  return { ...cell, median: m };
}

/** @typedef {import('./section-targets.mjs').TargetRow} TargetRow */

const x = (/** @type {number} */ n) => (Number.isFinite(n) ? `${n.toFixed(3)}x` : 'n/a');
const msText = (/** @type {number} */ n) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');

/**
 * A ratio row: `measured` against `limit` (>= or <=).
 * @param {string} target @param {number} ratio @param {'>=' | '<='} op @param {number} limit
 * @returns {TargetRow}
 */
function ratioRow(target, ratio, op, limit) {
  const met = Number.isFinite(ratio) ? (op === '>=' ? ratio >= limit : ratio <= limit) : null;
  return { target, limit: `${op} ${limit.toFixed(2)}x`, measured: x(ratio), met };
}

/**
 * @param {Cell[]} cells
 * @param {string} impl @param {number} c @param {string} size
 */
const medianOf = (cells, impl, c, size) => cells.find((cell) => cell.implementation === impl && cell.concurrency === c && cell.size === size)?.median;

/**
 * Issue 28 target 1 (10 KB and 100 KB: throughput >= 0.95x raw undici, CPU per invoke <= 1.05x, at 1
 * and 64 in flight), 200 B at issue 7's bar (>= 0.85x, p99 at 64 <= 1.5x, CPU <= 1.25x), and issue 29's
 * "on Node nothing changes" (200 B within 5% of raw undici, as main's BENCHMARKS.md had it: 1.00x / 1.03x).
 * @param {Cell[]} cells cells with medians
 * @returns {TargetRow[]}
 */
export function matrixTargets(cells) {
  /** @type {TargetRow[]} */
  const rows = [];
  for (const size of [...new Set(cells.map((cell) => cell.size))]) {
    for (const c of [1, 64]) {
      const core = medianOf(cells, 'core', c, size);
      const raw = medianOf(cells, 'undici', c, size);
      if (core === undefined || raw === undefined) continue;
      const rps = core.invokesPerSecond / raw.invokesPerSecond;
      const cpu = core.cpuMsPer1k / raw.cpuMsPer1k;
      if (size === '200B') {
        rows.push(ratioRow(`7: 200B, ${c} in flight: invokes/s vs raw undici`, rps, '>=', 0.85));
        if (c === 64) rows.push(ratioRow('7: 200B, 64 in flight: p99 vs raw undici', core.p99Ms / raw.p99Ms, '<=', 1.5));
        rows.push(ratioRow(`7: 200B, ${c} in flight: CPU per invoke vs raw undici`, cpu, '<=', 1.25));
        rows.push(
          ratioRow(
            `29: on Node nothing changes: 200B, ${c} in flight, invokes/s vs raw undici (main: ${c === 1 ? '1.00x' : '1.03x'})`,
            rps,
            '>=',
            0.95,
          ),
        );
        rows.push(
          ratioRow(`29: on Node nothing changes: 200B, ${c} in flight, CPU vs raw undici (main: ${c === 1 ? '1.03x' : '0.98x'})`, cpu, '<=', 1.05),
        );
      } else {
        rows.push(ratioRow(`28.1: ${size}, ${c} in flight: invokes/s vs raw undici`, rps, '>=', 0.95));
        rows.push(ratioRow(`28.1: ${size}, ${c} in flight: CPU per invoke vs raw undici`, cpu, '<=', 1.05));
      }
    }
  }
  return rows;
}

/**
 * Issue 28 target 4: `import()` at most a third of the SDK's; the first runId (ESM and CJS) no later than the SDK's.
 * @param {import('./cold-start.mjs').ColdStart} cold
 * @returns {TargetRow[]}
 */
export function coldStartTargets(cold) {
  const core = cold.packages.core;
  const sdk = cold.packages.courier;
  if (core === undefined || sdk === undefined) return [];
  const row = (/** @type {string} */ target, /** @type {number} */ measured, /** @type {number} */ limit, /** @type {string} */ cpu) => ({
    target,
    limit: `<= ${msText(limit)}`,
    measured: `${msText(measured)}${cpu}`,
    met: Number.isFinite(measured) && Number.isFinite(limit) ? measured <= limit : null,
  });
  return [
    row("28.4: cold import() vs a third of @trycourier/courier's", core.importMs, sdk.importMs / 3, ''),
    row(
      '28.4: first runId, ESM, vs @trycourier/courier',
      core.firstRunIdMs,
      sdk.firstRunIdMs,
      ` (CPU ${msText(core.firstRunIdCpuMs)} vs ${msText(sdk.firstRunIdCpuMs)})`,
    ),
    row(
      '28.4: first runId, CJS, vs @trycourier/courier',
      core.firstRunIdCjsMs,
      sdk.firstRunIdCjsMs,
      ` (CPU ${msText(core.firstRunIdCjsCpuMs)} vs ${msText(sdk.firstRunIdCjsCpuMs)})`,
    ),
  ];
}

/**
 * @typedef {{ runtime: string, concurrency: number, size: string, implementation: string, invokesPerSecond: number,
 *   cpuUsPerInvoke: number, vsLast: number, cpuVsLast: number }} InterleavedRow one implementation of interleaved.mjs's report
 */

/**
 * Issue 29: the fetch transport against the runtime's own fetch doing the same POST by hand,
 * throughput >= 0.95x at 1 and 64 in flight; CPU per invoke reported beside it (no bar in the issue).
 * @param {InterleavedRow[]} rows interleaved.mjs's rows, `fetch` last
 * @returns {TargetRow[]}
 */
export function fetchTargets(rows) {
  return rows
    .filter((r) => r.implementation === 'core-fetch')
    .map((r) => {
      const row = ratioRow(
        `29: ${r.runtime}, ${r.size}, ${r.concurrency} in flight: transport 'fetch' invokes/s vs fetch by hand`,
        r.vsLast,
        '>=',
        0.95,
      );
      row.measured = `${row.measured} (CPU ${x(r.cpuVsLast)})`;
      return row;
    });
}

const fmt = (/** @type {number} */ n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
const ms = (/** @type {number} */ n) => fmt(n, n < 10 ? 2 : 1);

/**
 * The Targets table (issue 28: one table at the top with every target, its limit, the measured
 * ratio and met / not met), as markdown; the runner prints it on stdout too.
 * @param {{ section: string, rows: TargetRow[] }[]} sections
 */
export function renderTargets(sections) {
  const lines = ['| target | limit | measured | met |', '|---|---:|---:|:---:|'];
  for (const { section, rows } of sections) {
    if (rows.length === 0) lines.push(`| ${section}: no result (see the section's output) | | | n/a |`);
    for (const r of rows) {
      const cell = (/** @type {string | number} */ v) => (typeof v === 'number' ? fmt(v, 2) : v);
      lines.push(`| ${r.target} | ${cell(r.limit)} | ${cell(r.measured)} | ${r.met === null ? 'n/a' : r.met ? 'met' : '**not met**'} |`);
    }
  }
  return lines.join('\n');
}

/** @param {Cell[]} cells @param {string} baseline implementation the "vs" column divides by @param {Record<string, number>} bodyBytes */
function cellTables(cells, baseline, bodyBytes) {
  const lines = [];
  for (const size of [...new Set(cells.map((c) => c.size))]) {
    lines.push(
      `### ${size} of data (request body ${fmt(bodyBytes[size] ?? Number.NaN)} B)`,
      '',
      `| in flight | implementation | invokes/s | vs ${IMPLEMENTATIONS[baseline]?.label ?? baseline} | p50 ms | p99 ms | CPU ms / 1k invokes | peak RSS MB | measured |`,
      '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const c of [...new Set(cells.filter((x) => x.size === size).map((x) => x.concurrency))]) {
      const row = cells.filter((x) => x.size === size && x.concurrency === c);
      const base = row.find((x) => x.implementation === baseline)?.median;
      for (const cell of row) {
        const m = /** @type {RunResult} */ (cell.median);
        const label = IMPLEMENTATIONS[cell.implementation]?.label ?? cell.implementation;
        lines.push(
          `| ${c} | ${label} | ${fmt(m.invokesPerSecond)} | ${base ? `${fmt(m.invokesPerSecond / base.invokesPerSecond, 2)}x` : ''} | ${ms(m.p50Ms)} | ${ms(m.p99Ms)} | ${fmt(m.cpuMsPer1k)} | ${fmt(m.peakRssMb)} | ${fmt(m.invokes)} |`,
        );
      }
    }
    lines.push('');
  }
  return lines;
}

/** @param {{ loadStart: number, loadEnd: number, attempts: number }} s */
const loadNote = (s) =>
  `load ${fmt(s.loadStart, 2)} at start, ${fmt(s.loadEnd, 2)} at end${s.attempts > 1 ? `, attempt ${s.attempts}` : ''}${s.loadStart > 1.5 ? ' (above 1.5: read ratios only)' : ''}`;

/**
 * The body of BENCHMARKS.md (or results/partial.md) written by `pnpm bench`; the sections the
 * invokeMany, telemetry and outbox scripts write are appended after it by the runner.
 * @param {any} results the object written to results/*.json
 * @returns {string}
 */
export function renderMarkdown(results) {
  const { machine, options, sections } = results;
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`pnpm bench\`${results.preset === 'full' ? '' : ` (${results.preset} run: ${results.argv.join(' ') || 'defaults'})`} on ${results.generatedAt.slice(0, 10)}` +
      ` in ${fmt(results.durationSeconds / 60, 1)} min, every section in one sitting on Node ${machine.node}. See [bench/README.md](bench/README.md) for what is measured and how to read it.`,
    '',
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}`,
    `- @journeykit/core ${machine.packages['@journeykit/core']}, @trycourier/courier ${machine.packages['@trycourier/courier']}, undici ${machine.packages.undici}${results.bun ? `, ${results.bun}` : ''}`,
    '- Every section notes the load average (1 min) at its start and end; a section that started above 1.5 was rerun (up to `--reruns`) and keeps its quietest attempt.',
    '',
    '## Targets',
    '',
    'Issue 28 (1-5), issue 7 (the 200 B bar) and issue 29 (fetch transport, "on Node nothing changes"); every ratio is measured side by side in one run.',
    '',
    renderTargets(results.targets),
    '',
    '| section | Node | load | seconds |',
    '|---|---|---|---:|',
    ...sections.map((/** @type {any} */ s) => `| ${s.name} | ${s.node ?? machine.node} | ${loadNote(s)} | ${fmt(s.seconds)} |`),
    '',
  ];

  const matrix = results.matrix;
  if (matrix !== undefined) {
    lines.push(
      '## Invoke: JourneysClient, the SDK and raw undici',
      '',
      `Each run: a fresh client process, ${fmt(options.warmup)} warm-up invokes, then ${fmt(options.invokes)} measured invokes` +
        (options.maxSeconds > 0 ? ` or ${options.maxSeconds} s, whichever comes first (the "measured" column says how many)` : '') +
        `; ${options.rounds} round${options.rounds === 1 ? '' : 's'}, implementations alternating; every figure is the median over rounds.` +
        ' The invoke server is a separate process on the same machine (127.0.0.1), so the client and the server share the cores.',
      '',
    );
    const vsSdk = [...new Set(matrix.cells.map((/** @type {Cell} */ c) => c.size))].flatMap((size) => {
      const core = medianOf(matrix.cells, 'core', 64, /** @type {string} */ (size));
      const sdk = medianOf(matrix.cells, 'courier', 64, /** @type {string} */ (size));
      return core && sdk ? [`${size} ${fmt(core.invokesPerSecond / sdk.invokesPerSecond, 1)}x`] : [];
    });
    if (vsSdk.length > 0) lines.push(`JourneysClient vs the official SDK at 64 in flight: ${vsSdk.join(', ')}.`, '');
    lines.push(...cellTables(matrix.cells, 'undici', results.bodyBytes));
  }

  for (const run of results.fetch ?? []) {
    const runtime = run.rows[0]?.runtime ?? 'the runtime';
    lines.push(
      `## Fetch transport on ${runtime}`,
      '',
      `\`new JourneysClient({ transport: 'fetch' })\` against ${runtime}'s own \`fetch\` doing the same POST by hand (same JSON body and headers, a fresh idempotency key, \`await res.json()\`),` +
        ` taking turns in one process (${run.turns} turns of ${fmt(run.batch)} invokes each, order rotating; medians over turns; load ${run.loadStart} -> ${run.loadEnd}).`,
      '',
      '| in flight | implementation | invokes/s | vs fetch by hand | CPU µs / invoke | CPU vs fetch by hand |',
      '|---:|---|---:|---:|---:|---:|',
      ...run.rows.map(
        (/** @type {InterleavedRow} */ r) =>
          `| ${r.concurrency} | ${IMPLEMENTATIONS[r.implementation]?.label ?? r.implementation} | ${fmt(r.invokesPerSecond)} | ${fmt(r.vsLast, 3)}x | ${fmt(r.cpuUsPerInvoke, 1)} | ${fmt(r.cpuVsLast, 3)}x |`,
      ),
      '',
    );
  }

  const cold = results.coldStart;
  if (cold !== undefined) {
    lines.push(
      `## Cold start (median of ${cold.runs} fresh processes, minus bare node)`,
      '',
      `Bare node: ${ms(cold.baselineMs.import)} ms for \`node -e "import('node:path')"\`, ${ms(cold.baselineMs.require)} ms with \`require\`.`,
      '"First runId" is a fresh process that loads the package (ESM: `import()`, CJS: `require()`), builds a client, gets one runId from the local server and exits;',
      'the figure is when the runId is in hand (`performance.now()` in the process, from its start), and "process exit" is the whole process to its exit (V8 and its WebAssembly compiler threads shutting down add tens of ms to both clients).',
      "it includes modules loaded lazily on the first call (JourneysClient loads undici's Pool then; the SDK loads Node's fetch then). CPU is the process's own user + system time, start-up included, minus bare node's.",
      'Process start-up varies by a few ms from run to run, so figures within a few ms of zero (or below it) mean "about nothing".',
      '',
      '| package | import() ms | require() ms | first runId ESM ms | (CPU ms) | (process exit ms) | first runId CJS ms | (CPU ms) | (process exit ms) |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const pkg of Object.values(cold.packages)) {
      lines.push(
        `| ${pkg.module} | ${ms(pkg.importMs)} | ${ms(pkg.requireMs)} | ${ms(pkg.firstRunIdMs)} | ${ms(pkg.firstRunIdCpuMs)} | ${ms(pkg.firstRunIdExitMs)} | ${ms(pkg.firstRunIdCjsMs)} | ${ms(pkg.firstRunIdCjsCpuMs)} | ${ms(pkg.firstRunIdCjsExitMs)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
