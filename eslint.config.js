// eslint.config.js — ESLint's recommended rules for the files build.sh lints (LINT_PATHS there);
// Prettier (.prettierrc) owns the layout, so no rule here is about white space.
import js from '@eslint/js';
import globals from 'globals';

export default [
  // the calculator moves out of course.js on another branch; its files are linted there
  { ignores: ['web/src/widgets/course.js', 'tests/browser/course.test.mjs'] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      // long lines Prettier cannot break (strings, URLs) still have a limit
      'max-len': [
        'error',
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
          ignoreComments: false,
        },
      ],
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
      'no-var': 'error',
    },
  },
  { files: ['web/src/**/*.js', 'tests/browser/pages/*.js'], languageOptions: { globals: globals.browser } },
  // browser tests run in Node and pass functions to the page
  { files: ['tests/**/*.mjs', 'wasm/**/*.mjs'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
];
