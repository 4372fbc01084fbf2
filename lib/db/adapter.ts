// Builds the Prisma driver adapter for the configured database. Kept free of `server-only`
// because the Prisma CLI loads it through prisma.config.ts and scripts/ use it.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import { databaseTarget, type DatabaseTarget } from './target';

// PGlite allows ONE process, and one instance, per data directory: the migration runner and
// Prisma share this instance, and the same process never opens the directory twice.
const globalForPglite = globalThis as unknown as { __virtdashPglite?: Map<string, PGlite> };

export function openPglite(dataDir: string): PGlite {
  const open = (globalForPglite.__virtdashPglite ??= new Map());
  let instance = open.get(dataDir);
  if (!instance) {
    fs.mkdirSync(dataDir, { recursive: true });
    instance = new PGlite(dataDir);
    open.set(dataDir, instance);
  }
  return instance;
}

export async function closePglite(): Promise<void> {
  const open = globalForPglite.__virtdashPglite;
  if (!open) return;
  for (const [dir, instance] of open) {
    open.delete(dir);
    await instance.close();
  }
}

export function createDriverAdapter(target: DatabaseTarget = databaseTarget()) {
  if (target.kind === 'postgres') {
    return new PrismaPg({ connectionString: target.url, max: 10 });
  }
  return new PrismaPGlite(openPglite(target.dataDir));
}

/**
 * The adapter the Prisma CLI gets (prisma.config.ts). The embedded database is opened only when
 * the CLI connects: `prisma -v`, which @prisma/client's postinstall runs on every `npm ci`, only
 * reads the adapter's name, and an opened PGlite directory keeps the process alive, so with a
 * database already in .data (any machine that has run the dashboard) `npm ci` never finished.
 */
export function createCliAdapter(target: DatabaseTarget = databaseTarget()) {
  if (target.kind === 'postgres') return createDriverAdapter(target);
  let factory: PrismaPGlite | undefined;
  const open = () => (factory ??= new PrismaPGlite(openPglite(target.dataDir)));
  return {
    provider: 'postgres' as const,
    adapterName: 'pglite-prisma-adapter',
    connect: () => open().connect(),
    connectToShadowDb: () => open().connectToShadowDb(),
  };
}
