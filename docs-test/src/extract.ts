/**
 * Finds the TypeScript blocks of a README and what the HTML comment just above each one says
 * about it. A directive comment looks like
 * `<!-- docs-test: context=nest-module.ts; project=typed; no-run: starts a server on port 3000 -->`;
 * a service that runs until stopped says what it prints once it has done its job:
 * `<!-- docs-test: until: welcome started -->`.
 */

/** What a `<!-- docs-test: ... -->` comment can say about the block under it. */
export interface Directives {
  /** Files of `docs-test/contexts` put before the block: the context a partial snippet leaves out. */
  readonly context: readonly string[];
  /** Blocks of one README that belong together (they import each other) share a project. */
  readonly project: string;
  /** Why the block is compiled but not run (e.g. it starts a server on a fixed port). */
  readonly noRun?: string;
  /** Compiles as CommonJS too (the block claims to work there). */
  readonly cjs: boolean;
  /**
   * A service that runs until stopped (e.g. an outbox worker with `stopOnSignals`): once its
   * output contains this text it gets SIGTERM, and it passes if it then ends, by exit code 0 or
   * by the signal.
   */
  readonly until?: string;
}

/** One ```ts block. */
export interface Snippet {
  /** The README, relative to the repository root. */
  readonly readme: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
  /** Where the block goes in its project: the path its first-line comment names, else `snippet-<line>.ts`. */
  readonly file: string;
  readonly directives: Directives;
}

const FENCE = /^```(ts|typescript)\s*$/;
const DIRECTIVE = /^<!--\s*docs-test:(.*?)-->\s*$/;
const FILE_COMMENT = /^\/\/ ([\w./-]+\.ts)\b/;
/** A JavaScript config file a README shows in full (`// jest.config.js` on its first line): written into the project as is. */
const JS_FENCE = /^```(js|javascript)\s*$/;
const CONFIG_COMMENT = /^\/\/ (jest\.config\.js)\b/;

export function parseDirectives(text: string): Directives {
  const context: string[] = [];
  let project = 'main';
  let noRun: string | undefined;
  let cjs = false;
  let until: string | undefined;
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [, key = '', value = ''] = /^([\w-]+)\s*[=:]?\s*(.*)$/.exec(part) ?? [];
    if (key === 'context') context.push(...value.split(',').map((v) => v.trim()));
    else if (key === 'project') project = value;
    else if (key === 'no-run') noRun = value || 'compile only';
    else if (key === 'cjs') cjs = true;
    else if (key === 'until' && value !== '') until = value;
    else throw new Error(`unknown docs-test directive "${part}"`);
  }
  return { context, project, noRun, cjs, until };
}

export function extractSnippets(readme: string, markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  let pending: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const directive = DIRECTIVE.exec(line.trim());
    if (directive) {
      pending = directive[1] ?? '';
      continue;
    }
    if (line.startsWith('```')) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').startsWith('```'); i++) body.push(lines[i] ?? '');
      const config = JS_FENCE.test(line) ? CONFIG_COMMENT.exec(body[0] ?? '') : null;
      if (FENCE.test(line) || config) {
        const code = `${body.join('\n')}\n`;
        const named = config ?? FILE_COMMENT.exec(body[0] ?? '');
        snippets.push({
          readme,
          line: start + 1,
          code,
          file: named?.[1] ?? `snippet-${start + 1}.ts`,
          directives: parseDirectives(pending ?? ''),
        });
      }
      pending = undefined;
      continue;
    }
    // A directive applies to the next block only if nothing but blank lines is in between.
    if (line.trim() !== '') pending = undefined;
  }
  return snippets;
}
