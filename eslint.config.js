// Flat config: typescript-eslint's recommended rules for every TypeScript folder of the project.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// `import { z } from 'zod'` (or the default export) keeps zod's whole namespace, every locale included
// (~450 KB minified), in a Lambda bundle; `import * as z from 'zod'` lets esbuild drop what is unused (issue 17).
const zodNamespace = {
  selector: "ImportDeclaration[source.value='zod'][importKind='value'] > :matches(ImportSpecifier[imported.name='z'], ImportDefaultSpecifier)",
  message: "Use `import * as z from 'zod'`: the `z` export pulls every zod locale into the bundle.",
};

// A top-level schema constant is built at import, in every Lambda that imports its module, whether or not
// the invocation uses it; `lazySchema(() => …)` builds it on first use (issue 17). `npx tsx
// bin/codemods/lazySchemas.ts` wraps every one (re-runnable); this catches the `z.…` ones it would wrap.
const eagerSchemaMessage =
  'Wrap a module-level zod schema in lazySchema(() => …) (shared/schemas/lazySchema.ts), or run `npx tsx bin/codemods/lazySchemas.ts`: eager schemas are built at every cold start.';
const eagerInit = "VariableDeclaration[kind='const'] > VariableDeclarator > CallExpression.init:not([callee.name='lazySchema']):has(Identifier[name='z'])";
const eagerSchema = [
  { selector: `Program > ${eagerInit}`, message: eagerSchemaMessage },
  { selector: `Program > ExportNamedDeclaration > ${eagerInit}`, message: eagerSchemaMessage },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.data/**', 'coverage/**', 'docs/**', 'client/generated/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      'no-restricted-syntax': ['error', zodNamespace],
    },
  },
  {
    // shared/ must never reach into lambdas/, lib/ or bin/ (DESIGN §2).
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/lambdas/**', '**/lib/**', '**/bin/**', 'aws-cdk-lib', 'aws-cdk-lib/*'] }],
      'no-restricted-syntax': ['error', zodNamespace, ...eagerSchema],
      // DynamoDB goes through the light client (issue 17): commands from shared/db/commands.ts, errors
      // from shared/db/dynamoErrors.ts. The SDK packages are for types only here (~190 KB and ~20 ms of
      // every cold start otherwise).
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [
        { name: '@aws-sdk/lib-dynamodb', allowTypeImports: true, message: 'Import commands from shared/db/commands.ts (the light DynamoDB client).' },
        { name: '@aws-sdk/client-dynamodb', allowTypeImports: true, message: 'Use shared/db/commands.ts and shared/db/dynamoErrors.ts (the light DynamoDB client); SDK types only.' },
      ] }],
    },
  },
  {
    // A Lambda bundles only its own group's routes and schemas (issue 17): handlers import their route file, never the whole table.
    files: ['lambdas/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', zodNamespace, ...eagerSchema],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/routes/routeTable.js'], message: "Import the group's own route file (e.g. shared/routes/progressRoutes.js): the route table pulls every schema into every bundle." }] }],
      // DynamoDB goes through the light client (issue 17): commands from shared/db/commands.ts, errors
      // from shared/db/dynamoErrors.ts. The SDK packages are for types only here (~190 KB and ~20 ms of
      // every cold start otherwise).
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [
        { name: '@aws-sdk/lib-dynamodb', allowTypeImports: true, message: 'Import commands from shared/db/commands.ts (the light DynamoDB client).' },
        { name: '@aws-sdk/client-dynamodb', allowTypeImports: true, message: 'Use shared/db/commands.ts and shared/db/dynamoErrors.ts (the light DynamoDB client); SDK types only.' },
      ] }],
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
