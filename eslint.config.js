// Lint: the recommended rules of ESLint and typescript-eslint, plus the house rules of style.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
      // One copy of Kysely, loaded the fast way: see src/core/db/kysely.ts.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'Import Kysely from src/core/db/kysely.ts.', allowTypeImports: true },
            { name: 'zod', message: 'Import z from src/core/zod.ts.', allowTypeImports: true },
          ],
        },
      ],
    },
  },
  { files: ['src/cli/**', 'src/**/cli.ts', 'bench/**', 'scripts/**', 'bin/**'], rules: { 'no-console': 'off' } },
);
