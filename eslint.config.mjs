// Lint configuration (ESLint flat config, typescript-eslint). `npm run lint`; also a counted step of `npm test`.
// What it enforces is described in the README, section "Layout": the layer boundaries (scripts/lint/boundaries.mjs),
// no import cycles (import-x/no-cycle; type-only imports do not count), no floating promises in the extension,
// no unused variables. Type-aware rules run only on src/vscode, where they are needed, to keep lint fast.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import adfw from './scripts/lint/boundaries.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', '.vscode-test/**', 'src/engine/schema/generated/**', '**/*.js', '**/*.cjs'] },
  {
    files: ['src/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { adfw, 'import-x': importX },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js', '.json'] })],
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'adfw/boundaries': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // The code base types JSON from factories as `any` where it walks it; tsc's strict mode is the type gate.
      '@typescript-eslint/no-explicit-any': 'off',
      // Lazy require() of generated schema validators and of chunks (scripts/build.mjs) is deliberate.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['/generated/'] }],
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/vscode/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // One lazy-loading point in the extension: src/vscode/engineModules.ts.
    files: ['src/vscode/**/*.ts'],
    ignores: ['src/vscode/engineModules.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: 'Load engine code on demand through src/vscode/engineModules.ts, the one lazy-loading point of the extension.' },
        { selector: "CallExpression[callee.name='require']", message: 'Load engine code on demand through src/vscode/engineModules.ts, the one lazy-loading point of the extension.' },
      ],
    },
  },
);
