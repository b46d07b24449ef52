/**
 * The boundaries of the house, enforced (docs/design.md, "The house"):
 * - constructs import from runtime/ only the contracts they render (settings, log fields, manifests);
 * - runtime/<pattern> never imports another pattern's folder, runtime/shared imports none of them;
 * - runtime never imports constructs, bin, bench or test; bench never imports bin;
 * - lines stay readable.
 * Pattern folders are read from runtime/, so a new pattern needs no entry here.
 */
const fs = require('node:fs');
const path = require('node:path');
const tseslint = require('typescript-eslint');

const patterns = fs
  .readdirSync(path.join(__dirname, 'runtime'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'shared')
  .map((d) => d.name);

/** The runtime modules constructs may import: the contracts package.json ships (`dist/runtime/<path>.js`, `*` = a pattern). */
const CONTRACTS = require('./package.json')
  .files.filter((f) => f.startsWith('dist/runtime/') && f.endsWith('.js'))
  .map((f) => f.slice('dist/runtime/'.length, -'.js'.length).replace('*', '[a-z-]+'))
  .join('|');

/** An import of a top-level folder `names` (relative imports climb with ../). */
const folder = (names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;
const restrict = (regex, message) => ({ 'no-restricted-imports': ['error', { patterns: [{ regex, message }] }] });
const OUTSIDE_RUNTIME = ['constructs', 'bin', 'bench', 'test'];

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'cdk.out/**', '.local/**', 'coverage/**', '**/*.js', '**/*.snap'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'max-len': ['error', { code: 150, ignoreUrls: true, ignoreRegExpLiterals: true }],
      // A require() is a lazy load of an SDK the runtime provides; each one says why in a disable comment.
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  {
    files: ['constructs/**/*.ts'],
    rules: restrict(
      `(^(\\.\\./)+runtime/(?!(${CONTRACTS})$))|${folder(['bin', 'bench', 'test'])}`,
      'constructs ship without the runtime: import only its contracts (runtime/<pattern>/settings, runtime/shared/log-fields, function-manifest, provided-modules)',
    ),
  },
  {
    files: ['runtime/shared/**/*.ts'],
    rules: restrict(folder([...patterns, ...OUTSIDE_RUNTIME]), 'runtime/shared is what every pattern shares: it imports no pattern'),
  },
  ...patterns.map((pattern) => ({
    files: [`runtime/${pattern}/**/*.ts`],
    rules: restrict(
      folder([...patterns.filter((p) => p !== pattern), ...OUTSIDE_RUNTIME]),
      `runtime/${pattern} holds its own domain: what two patterns share belongs in runtime/shared`,
    ),
  })),
  {
    files: ['bench/**/*.ts'],
    rules: restrict(folder(['bin']), 'bench measures the library and runtime, not the CLI: move what both need out of bin/'),
  },
);
