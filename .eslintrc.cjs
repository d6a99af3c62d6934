/* ESLint 9 in legacy mode (ESLINT_USE_FLAT_CONFIG=false): the layout asks for an .eslintrc.cjs. */
module.exports = {
  root: true,
  parser: '@typescript-eslint/parser',
  parserOptions: {
    project: './tsconfig.json',
    tsconfigRootDir: __dirname,
  },
  plugins: ['@typescript-eslint', 'rxjs-x'],
  extends: [
    'eslint:recommended',
    'plugin:@typescript-eslint/strict-type-checked',
    'plugin:@typescript-eslint/stylistic-type-checked',
    'plugin:rxjs-x/recommended-legacy',
    'prettier',
  ],
  rules: {
    'rxjs-x/no-ignored-subscription': 'error',
    'rxjs-x/no-unsafe-takeuntil': 'error',
    'rxjs-x/no-internal': 'error',
    '@typescript-eslint/no-floating-promises': 'error',
    '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    '@typescript-eslint/consistent-type-imports': 'error',
    'no-restricted-syntax': [
      'error',
      { selector: 'TSEnumDeclaration', message: 'Use an `as const` object and a union type (STYLE.md §12).' },
      { selector: 'TSModuleDeclaration', message: 'No namespaces (STYLE.md §12).' },
      { selector: 'TSParameterProperty', message: 'No parameter properties (STYLE.md §12).' },
    ],
  },
  overrides: [
    {
      files: ['src/**/*.ts'],
      excludedFiles: ['src/cli/**'],
      rules: {
        'no-console': 'error',
        'no-restricted-properties': [
          'error',
          { object: 'Date', property: 'now', message: 'Read time through the injected SchedulerLike (STYLE.md §4).' },
        ],
        'no-restricted-globals': [
          'error',
          { name: 'setTimeout', message: 'Wait through the injected SchedulerLike (STYLE.md §4).' },
          { name: 'setInterval', message: 'Wait through the injected SchedulerLike (STYLE.md §4).' },
        ],
      },
    },
    {
      files: ['spec/**/*.ts', 'bench/**/*.ts'],
      rules: {
        // Tests subscribe in place and let TestScheduler / finalizers end the subscriptions.
        'rxjs-x/no-ignored-subscription': 'off',
        '@typescript-eslint/no-non-null-assertion': 'off',
      },
    },
  ],
  ignorePatterns: ['dist/', 'docs/api/', 'node_modules/', '*.cjs', 'coverage/'],
};
