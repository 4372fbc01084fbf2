// The Prisma CLI (generate, migrate deploy) runs offline with the WebAssembly schema engine
// through a driver adapter: PGlite for the embedded database, pg for a PostgreSQL server.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { createCliAdapter } from './lib/db/adapter';

// The CLI checks that native engines exist before running even in "js" mode, where it never
// executes them; pointing at any existing file skips the download (which fails offline).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve('package.json');
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= path.resolve('package.json');

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => createCliAdapter(),
});
