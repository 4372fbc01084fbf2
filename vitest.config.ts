import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
  test: {
    environment: 'node',
    include: ['**/*.test.ts', '**/*.test.tsx'],
    // test/real needs real servers started by scripts/real/*.sh: scripts/test.sh runs it on its own.
    exclude: ['node_modules/**', '.next/**', '.next-*/**', 'e2e/**', ...(process.env.VITEST_REAL ? [] : ['test/real/**'])],
    // server-only throws outside a React server bundle; tests run the real modules in Node.
    alias: { 'server-only': path.resolve(__dirname, 'test/server-only-stub.ts') },
    // next-auth imports 'next/server' without an extension, which Node's own ESM loader refuses;
    // through Vite it resolves, so tests can sign in and read sessions with the real Auth.js.
    server: { deps: { inline: ['next-auth'] } },
    setupFiles: ['./test/backend-error-detail.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
