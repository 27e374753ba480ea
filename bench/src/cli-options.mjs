/**
 * Command-line flags and the two presets (full and --quick). Only the full default matrix
 * writes BENCHMARKS.md and results/latest.json; any reduced run writes results/partial.*
 * so a quick look never overwrites the numbers of record.
 */
import { DEFAULT_IMPLEMENTATION_IDS, IMPLEMENTATION_IDS } from './implementations.mjs';
import { DATA_SIZES } from './payloads.mjs';

export const USAGE = `Usage: pnpm bench [-- flags]

  --quick                 every section reduced (matrix: 1 and 64 in flight, 200B, 5,000 invokes, 3 rounds):
                          a few minutes; never writes BENCHMARKS.md
  --only=core,core-pulled,courier,undici   implementations of the matrix (default: these four; also core-fetch,
                          fetch, core-base, core-fetch-base and the telemetry variants core-otel-api, core-sdk, core-otel-sdk)
  --concurrency=1,64      invokes in flight (8 and 256 also run when asked)
  --sizes=200B,10KB,100KB      size of the request's data
  --rounds=3              rounds (implementations alternate inside each cell; the order rotates each round)
  --invokes=20000         measured invokes per run (fewer if --max-seconds runs out first)
  --warmup=1000           warm-up invokes per run (fewer if --max-seconds/3 runs out first)
  --max-seconds=2.5       cap on the measured phase of one run, so slow cells fit the time budget (0: no cap)
  --import-runs=7         fresh processes per package for cold-start times (0: skip)
  --sections=matrix,cold-start,fetch-node,fetch-bun,invoke-many,telemetry,outbox
                          sections to run (default: all; --quick runs each one reduced)
  --reruns=2              reruns of a section whose start load average was above 1.5 (0: never rerun)
  --settle-seconds=120    before each section, wait up to this long for the load average to fall to 1.5
                          (the last section's own processes keep it near 2 on 2 cores; 0: no wait)
  --node=22               the Node major every section runs on when this Node is older than 22.12
                          (the outbox needs it); --node=current stays on this Node and skips the outbox
  --write                 write BENCHMARKS.md and results/latest.json even for a reduced run
                          (by default only the full run does; reduced runs write results/partial.*)
  --profile               instead of the matrix: CPU-profile JourneysClient and raw undici at 64 in flight, 200B
                          (a single --concurrency / --sizes value profiles another cell)
  --help                  this text`;

/** Every section of `pnpm bench`, in the order they run. */
const SECTIONS = ['matrix', 'cold-start', 'fetch-node', 'fetch-bun', 'invoke-many', 'telemetry', 'outbox'];

const FULL = {
  implementations: DEFAULT_IMPLEMENTATION_IDS,
  // 1 and 64 are where the targets are; 8 and 256 did not fit the 20-minute budget of every section.
  concurrency: [1, 64],
  sizes: /** @type {string[]} */ (Object.keys(DATA_SIZES)),
  rounds: 3,
  invokes: 20_000,
  warmup: 1_000,
  maxSeconds: 2.5,
  importRuns: 7,
  sections: SECTIONS,
};

const QUICK = { ...FULL, concurrency: [1, 64], sizes: ['200B'], invokes: 5_000, warmup: 500, maxSeconds: 2, importRuns: 5 };

/** @typedef {typeof FULL & { quick: boolean, profile: boolean, help: boolean, write: boolean, full: boolean, reruns: number, settleSeconds: number, node: string }} BenchOptions */

/**
 * @param {string[]} argv process.argv.slice(2)
 * @returns {BenchOptions}
 */
export function parseOptions(argv) {
  const flags = new Map();
  for (const arg of argv) {
    if (arg === '--') continue; // pnpm may pass the separator through
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (match === null) throw new Error(`unknown argument ${arg}\n\n${USAGE}`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const quick = flags.get('quick') === 'true';
  const on = (/** @type {string} */ name) => flags.get(name) === 'true';
  const options = {
    ...(quick ? QUICK : FULL),
    quick,
    profile: on('profile'),
    help: on('help'),
    write: on('write'),
    reruns: 2,
    settleSeconds: quick ? 0 : 120,
    node: '22',
  };
  const list = (/** @type {string} */ name) =>
    String(flags.get(name))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const count = (/** @type {string} */ name, /** @type {number} */ min) => {
    const n = Number(flags.get(name));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number >= ${min}`);
    return n;
  };
  for (const name of flags.keys()) {
    switch (name) {
      case 'quick':
      case 'profile':
      case 'help':
      case 'write':
        if (flags.get(name) !== 'true') throw new Error(`--${name} takes no value`);
        break;
      case 'only': {
        const ids = list('only');
        const unknown = ids.filter((id) => !IMPLEMENTATION_IDS.includes(/** @type {any} */ (id)));
        if (unknown.length > 0 || ids.length === 0) throw new Error(`--only takes some of ${IMPLEMENTATION_IDS.join(',')}`);
        options.implementations = IMPLEMENTATION_IDS.filter((id) => ids.includes(id));
        break;
      }
      case 'concurrency':
        options.concurrency = list('concurrency').map(Number);
        if (options.concurrency.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--concurrency takes whole numbers >= 1');
        break;
      case 'sizes': {
        const sizes = list('sizes');
        if (sizes.length === 0 || sizes.some((s) => !(s in DATA_SIZES)))
          throw new Error(`--sizes takes some of ${Object.keys(DATA_SIZES).join(',')}`);
        options.sizes = Object.keys(DATA_SIZES).filter((s) => sizes.includes(s));
        break;
      }
      case 'rounds':
        options.rounds = count('rounds', 1);
        break;
      case 'invokes':
        options.invokes = count('invokes', 1);
        break;
      case 'warmup':
        options.warmup = count('warmup', 0);
        break;
      case 'max-seconds': {
        const seconds = Number(flags.get(name));
        if (!(seconds >= 0)) throw new Error('--max-seconds takes a number of seconds >= 0');
        options.maxSeconds = seconds;
        break;
      }
      case 'import-runs':
        options.importRuns = count('import-runs', 0);
        break;
      case 'sections': {
        const names = list('sections');
        if (names.length === 0 || names.some((n) => !SECTIONS.includes(n))) throw new Error(`--sections takes some of ${SECTIONS.join(',')}`);
        options.sections = SECTIONS.filter((n) => names.includes(n));
        break;
      }
      case 'reruns':
        options.reruns = count('reruns', 0);
        break;
      case 'settle-seconds':
        options.settleSeconds = count('settle-seconds', 0);
        break;
      case 'node':
        options.node = String(flags.get(name));
        if (!/^(current|\d+)$/.test(options.node)) throw new Error('--node takes a Node major (22, 24) or current');
        break;
      default:
        throw new Error(`unknown flag --${name}\n\n${USAGE}`);
    }
  }
  const same = (/** @type {unknown} */ a, /** @type {unknown} */ b) => JSON.stringify(a) === JSON.stringify(b);
  const full = Object.entries(FULL).every(([key, value]) => same(value, options[/** @type {keyof typeof FULL} */ (key)]));
  return { ...options, full };
}

/**
 * The script's own arguments for `util.parseArgs`: `pnpm x -- --flag` passes the `--` through, and
 * parseArgs would read everything after it as positionals these scripts do not take.
 */
export function scriptArgs() {
  return process.argv.slice(2).filter((arg) => arg !== '--');
}
