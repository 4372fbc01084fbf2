// @ts-check
// next.config.js is CommonJS (package.json sets no "type"), so require() is the import here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Lets several builds of one checkout coexist (parallel e2e runs on one machine); .next by default.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // Native and WebAssembly database drivers load from node_modules at run time, never bundled,
  // so the custom server and the app share one instance of each (see lib/db/prisma.ts).
  // ssh2 (the oVirt serial console proxy's SSH) loads its optional native crypto addon the same way.
  serverExternalPackages: ['@prisma/client', '@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/adapter-pg', 'pg', 'ssh2'],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status for non-admins.
    authInterrupts: true,
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

module.exports = withNextIntl(nextConfig);
