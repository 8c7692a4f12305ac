// Flat config: typescript-eslint's recommended rules for every TypeScript folder of the project.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// `import { z } from 'zod'` (or the default export) keeps zod's whole namespace, every locale included
// (~450 KB minified), in a Lambda bundle; `import * as z from 'zod'` lets esbuild drop what is unused (issue 17).
const zodNamespace = { name: 'zod', importNames: ['z', 'default'], message: "Use `import * as z from 'zod'`: the `z` export pulls every zod locale into the bundle." };

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.data/**', 'coverage/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      'no-restricted-imports': ['error', { paths: [zodNamespace] }],
    },
  },
  {
    // shared/ must never reach into lambdas/, lib/ or bin/ (DESIGN §2).
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [zodNamespace], patterns: ['**/lambdas/**', '**/lib/**', '**/bin/**', 'aws-cdk-lib', 'aws-cdk-lib/*'] }],
    },
  },
  {
    // lib/ holds CDK only: it may read shared declarations but never handler code.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [zodNamespace], patterns: ['**/lambdas/**'] }],
    },
  },
);
