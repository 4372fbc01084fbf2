import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// The adapter folders below lib/backends (one per backend kind).
const ADAPTERS = ['ovirt', 'libvirt', 'cinder'];

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
  {
    // One direction of imports: app (routes, pages) -> components -> lib, and inside lib everything
    // above lib/backends talks to the Backend interface, never to an adapter folder
    // (lib/backends/<kind>/, or the adapters' shared lib/backends/http/). See lib/README.md.
    files: ['**/*.{ts,tsx,mjs}'],
    ignores: ['test/**', 'e2e/**', 'fakes/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'import/no-restricted-paths': ['error', {
        zones: [
          { target: './components', from: './app', message: 'components/ import downward only: move what both need into components/ or lib/ (server actions live in lib/actions/).' },
          { target: './lib', from: ['./app', './components'], message: 'lib/ never imports from app/ or components/: the arrow runs back up.' },
          {
            target: ['./app/**', './components/**', './lib/!(backends)/**', './lib/*', './scripts/**', './instrumentation.ts'],
            from: './lib/backends/*/**',
            message: 'Only lib/backends itself reaches an adapter folder: go through the Backend interface (lib/backends/index.ts, factory, settings).',
          },
          // Inside lib, the rooms below never import the rooms above them.
          { target: './lib/services', from: './lib/actions', message: 'Services sit below the server actions: move what both need into lib/services (e.g. ActionRefusal in services/refusal.ts).' },
          { target: './lib/inventory', from: ['./lib/services', './lib/actions'], message: 'lib/inventory is the shared read model; the reads themselves live in lib/services.' },
          { target: './lib/domain', from: './lib/!(domain)/**', message: 'lib/domain is the provider-neutral model and imports nothing of the project.' },
          {
            target: './lib/backends',
            from: ['./lib/!(backends|domain)/**', './lib/*.ts'],
            message: 'lib/backends depends on lib/domain only.',
          },
          // One adapter never borrows from another (their shared transport is lib/backends/http).
          ...ADAPTERS.map((kind) => ({
            target: `./lib/backends/${kind}`,
            from: ADAPTERS.filter((other) => other !== kind).map((other) => `./lib/backends/${other}`),
            message: 'An adapter folder imports only itself, lib/backends/*.ts, lib/backends/http and lib/domain.',
          })),
        ],
      }],
    },
  },
];

export default config;
