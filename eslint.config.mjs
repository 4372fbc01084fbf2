import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.next-*/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    files: ['app/**/*.tsx', 'components/**/*.tsx'],
    rules: {
      // Every visible word comes from messages/*.json (test/i18n/literals.test.ts also checks
      // attributes such as placeholder, title and aria-label).
      'react/jsx-no-literals': ['error', { noStrings: false, ignoreProps: true, allowedStrings: ['·', '—', '→', '←', '/', ':', '×', '%'] }],
    },
  },
];

export default config;
