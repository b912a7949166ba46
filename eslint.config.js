// ESLint flat config: @eslint/js recommended plus typescript-eslint's type-checked rules for TypeScript, and the
// untyped rules only for plain JavaScript (scripts/*.mjs, this file). Formatting is Prettier's job (.prettierrc.json).

import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** The Node globals that the plain-JavaScript scripts may use (no dependency on the `globals` package). */
const NODE_GLOBALS = Object.fromEntries(
  [
    'AbortController',
    'AbortSignal',
    'Buffer',
    'URL',
    'URLSearchParams',
    'TextDecoder',
    'TextEncoder',
    'clearInterval',
    'clearTimeout',
    'console',
    'fetch',
    'performance',
    'process',
    'queueMicrotask',
    'setInterval',
    'setTimeout',
    'structuredClone',
  ].map((name) => [name, /** @type {const} */ ('readonly')]),
);

export default defineConfig(
  globalIgnores([
    'dist/',
    'dev-dist/',
    'coverage/',
    'node_modules/',
    'test-results/',
    'data/',
    'bench/results.json',
    '**/.vitest*.json',
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig.json that includes it (src, test, bench).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // Money must never be lost in a promise nobody awaits.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Off on purpose: an interface has no implicit index signature, so event and snapshot shapes written as
      // interfaces would not be assignable to JSON types such as `Readonly<Record<string, JsonValue>>`.
      '@typescript-eslint/consistent-type-definitions': 'off',
    },
  },
  {
    // The project service only finds files named tsconfig.json; the Vite config lives in tsconfig.node.json.
    files: ['vite.config.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './tsconfig.node.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // Plain JavaScript has no type information: lint it with the untyped rules only.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: NODE_GLOBALS,
    },
  },
);
