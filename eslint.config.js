// Flat config: typescript-eslint's recommended rules for every TypeScript folder of the project.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    },
  },
  {
    // shared/ must never reach into lambdas/, lib/ or bin/ (DESIGN §2).
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/lambdas/**', '**/lib/**', '**/bin/**', 'aws-cdk-lib', 'aws-cdk-lib/*'] }],
    },
  },
  {
    // lib/ holds CDK only: it may read shared declarations but never handler code.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/lambdas/**'] }],
    },
  },
);
