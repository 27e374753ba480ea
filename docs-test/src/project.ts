/**
 * Turns the snippets of one README into small projects as a user would paste them: strict
 * TypeScript, `module: nodenext`, `"type": "module"` (and a CommonJS twin for the blocks that
 * claim CommonJS), compiled by tsc, then each block run: test files by vitest or Jest, the rest
 * with node, all against one fake Courier server.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Snippet } from './extract.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
const CONTEXTS = join(HERE, '..', 'contexts');

/** Where the projects are written, and the node, tsc, vitest and jest that compile and run them. */
export interface Toolchain {
  /** The projects go under it; packages resolve from its node_modules (or an ancestor's). */
  readonly workDir: string;
  readonly node: string;
  readonly tsc: string;
  readonly vitest: string;
  readonly jest: string;
}

/** The tools installed in the node_modules that `from` (a folder) resolves from. */
export function toolchain(workDir: string, from: string, node = process.execPath): Toolchain {
  const require = createRequire(join(from, 'package.json'));
  const binOf = (pkg: string, bin: string) => join(dirname(require.resolve(`${pkg}/package.json`)), bin);
  return { workDir, node, tsc: binOf('typescript', 'bin/tsc'), vitest: binOf('vitest', 'vitest.mjs'), jest: binOf('jest', 'bin/jest.js') };
}

/** This repository's: the workspace packages, built, through docs-test's node_modules. */
export function workspaceToolchain(): Toolchain {
  return toolchain(join(HERE, '..', '.snippets'), join(HERE, '..'));
}

export interface Run {
  code: number | null;
  output: string;
}

/**
 * Runs node with `args`; never rejects, the caller reads the exit code and the output. With
 * `until`, the process is a service: once its output contains that text it gets SIGTERM, and an
 * end by that signal counts as exit code 0.
 */
export function runNode(
  node: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  timeoutMs = 150_000,
  until?: string,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(node, args, {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stopSent = false;
    const read = (c: Buffer): void => {
      output += c.toString();
      if (until !== undefined && !stopSent && output.includes(until)) {
        stopSent = true;
        output += `\n[docs-test] saw "${until}": sending SIGTERM`;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    const timer = setTimeout(() => {
      output += `\n[docs-test] killed after ${timeoutMs} ms: the example did not finish (a client or server left open?)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: stopSent && signal === 'SIGTERM' ? 0 : code, output });
    });
  });
}

export type Flavour = 'esm' | 'cjs';

export interface Project {
  readonly name: string;
  readonly dir: string;
  readonly flavour: Flavour;
  readonly snippets: readonly Snippet[];
  readonly tools: Toolchain;
}

function slug(text: string): string {
  return text
    .replace(/[^\w]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** A block with its missing context in front of it. */
function sourceOf(snippet: Snippet): string {
  const context = snippet.directives.context.map((file) => readFileSync(join(CONTEXTS, file), 'utf8'));
  return [...context, snippet.code].join('\n');
}

/** Groups a README's blocks into projects and writes them out. */
export function writeProjects(readme: string, snippets: readonly Snippet[], flavour: Flavour, tools: Toolchain): Project[] {
  const groups = new Map<string, Snippet[]>();
  for (const s of snippets) {
    if (flavour === 'cjs' && !s.directives.cjs) continue;
    const list = groups.get(s.directives.project) ?? [];
    list.push(s);
    groups.set(s.directives.project, list);
  }
  const projects: Project[] = [];
  for (const [name, list] of groups) {
    const dir = join(tools.workDir, flavour, slug(readme), slug(name));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const seen = new Map<string, Snippet>();
    for (const s of list) {
      const other = seen.get(s.file);
      if (other) throw new Error(`${readme}:${s.line} writes ${s.file}, as ${readme}:${other.line} does: give one a project=...`);
      seen.set(s.file, s);
      mkdirSync(dirname(join(dir, s.file)), { recursive: true });
      writeFileSync(join(dir, s.file), sourceOf(s));
    }
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: flavour === 'esm' ? 'module' : 'commonjs', private: true }));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'ES2022',
            lib: ['ES2023'],
            strict: true,
            types: ['node'],
            experimentalDecorators: true,
            emitDecoratorMetadata: true,
            skipLibCheck: true,
            outDir: 'out',
            rootDir: '.',
          },
          include: ['**/*.ts'],
          exclude: ['out'],
        },
        null,
        2,
      ),
    );
    projects.push({ name, dir, flavour, snippets: list, tools });
  }
  return projects;
}

export function compile(project: Project): Promise<Run> {
  // Generous: a tsc over Nest's and Express's types takes seconds alone, minutes on a loaded 2-core box.
  return runNode(project.tools.node, [project.tools.tsc, '-p', 'tsconfig.json'], project.dir, {}, 170_000);
}

/** How a block runs once compiled, or why it does not. */
export type Runner = 'node' | 'vitest' | 'jest' | { skip: string };

export function runnerOf(snippet: Snippet): Runner {
  if (snippet.directives.noRun) return { skip: snippet.directives.noRun };
  if (snippet.file.endsWith('.d.ts')) return { skip: 'a declaration file' };
  if (snippet.file.endsWith('.js')) return { skip: 'a config file' };
  if (/\.test\.ts$/.test(snippet.file)) return snippet.code.includes('@jest/globals') ? 'jest' : 'vitest';
  return 'node';
}

function outFile(project: Project, snippet: Snippet): string {
  return join('out', snippet.file.replace(/\.ts$/, '.js'));
}

/** Runs one compiled block; `env` points it at the fake Courier server. */
export function run(project: Project, snippet: Snippet, env: Record<string, string>): Promise<Run> {
  const runner = runnerOf(snippet);
  const file = outFile(project, snippet);
  const { node, vitest, jest } = project.tools;
  if (runner === 'node') return runNode(node, [file], project.dir, env, 120_000, snippet.directives.until);
  if (runner === 'vitest') {
    // The README's own vitest.config.ts (compiled) when it shows one, so its setupFiles are used.
    const readmeConfig = project.snippets.some((s) => s.file === 'vitest.config.ts');
    const config = readmeConfig ? join('out', 'vitest.config.js') : 'vitest.docs-test.mjs';
    if (!readmeConfig) writeFileSync(join(project.dir, config), 'export default { test: { include: ["**/*.test.js"] } };\n');
    return runNode(node, [vitest, 'run', '--config', config, '--dir', 'out', file], project.dir, env);
  }
  if (runner === 'jest') {
    const esm = project.flavour === 'esm' ? ['--experimental-vm-modules'] : [];
    // The README's own jest.config.js when it shows one: Jest compiles the .ts test itself, as in the reader's project.
    if (project.snippets.some((s) => s.file === 'jest.config.js')) return runNode(node, [...esm, jest, '--ci', snippet.file], project.dir, env);
    writeFileSync(
      join(project.dir, 'jest.config.cjs'),
      'module.exports = { testMatch: ["<rootDir>/out/**/*.test.js"], transform: {}, testEnvironment: "node" };\n',
    );
    return runNode(node, [...esm, jest, '--ci', file], project.dir, env);
  }
  throw new Error(`not run: ${runner.skip}`);
}
