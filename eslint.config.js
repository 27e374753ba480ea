// `pnpm lint`: ESLint (this file) then Biome's format check (biome.json).
// TypeScript gets typescript-eslint's type-aware rules through the project service: each file is checked in
// the program of the nearest tsconfig.json that includes it, so a new package with a tsconfig.json extending
// tsconfig.base.json is covered with no change here. JavaScript (scripts, bench, fixtures) gets the
// recommended rules without types.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/.turbo/',
      '**/coverage/',
      'bench/results/',
      'docs-test/.snippets/',
      // Written by `journeykit pull`, checked by `journeykit check`: regenerated, never edited.
      '**/*.gen.ts',
      'bench/pulled/.build/',
      // Built-package stand-ins (minified-looking output checked by docs-test), not source.
      'docs-test/test/fixtures/packages/*/dist/',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    rules: {
      // Control characters are what the header and ID validators look for, and what ANSI-stripping matches.
      'no-control-regex': 'off',
      // The formatter decides line breaks (and breaks `a()\n[Symbol.asyncIterator]()` chains); as eslint-config-prettier does.
      'no-unexpected-multiline': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: {
          // Snippet contexts that docs-test compiles into each README's own project.
          allowDefaultProject: ['docs-test/contexts/*.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // The point of this config: a promise nobody awaits, or one handed to a callback slot that ignores it.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Rejecting with a caught error is rethrowing it, whatever its type.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // json-snapshot.ts stops a walk with cheap sentinels (no stack trace) that it catches itself.
      '@typescript-eslint/only-throw-error': ['error', { allow: [{ from: 'file', name: ['StopReading', 'Circular'] }] }],
      // Off, each for a reason measured on this code base (findings when on, none of them a bug):
      // the no-unsafe-* family (180, nearly all JSON bodies typed `any` in tests); unbound-method (22: hooks are
      // called detached by design, and promise resolvers are plain functions); require-await (35, test helpers
      // that are async to return a promise); no-base-to-string (3, String() of bad input on purpose).
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // Tests poke at values the types forbid, and throw what a caller might, on purpose.
    files: ['**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    // Type-level tests declare a value only to take its `typeof`.
    files: ['**/*.test-d.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    // Declarations in scope for the README blocks that docs-test compiles with them: unused here.
    files: ['docs-test/contexts/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    // Ambient module declarations use TypeScript's `import x = require()` form.
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The transport rejects with an AttemptFault, a plain record of what happened that the request pipeline
    // turns into a typed error; it never reaches a caller, and an Error would capture a stack per fault.
    files: ['packages/core/src/transport/transport.ts', 'packages/core/src/transport/fetch-transport.ts'],
    rules: { '@typescript-eslint/prefer-promise-reject-errors': 'off' },
  },
  {
    // Jest test files run by Jest's own globals.
    files: ['packages/testkit/test/jest/**'],
    languageOptions: { globals: { ...globals.jest } },
  },
);
