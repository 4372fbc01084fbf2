// Which database this process uses. Shared by the Prisma CLI (prisma.config.ts), the server
// start script and the app, so all three always agree.
import path from 'node:path';

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string };

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR || '.data');
}

export function databaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(
        `DATABASE_URL must be a postgres:// or postgresql:// URL; leave it unset for the embedded database.`,
      );
    }
    return { kind: 'postgres', url };
  }
  return { kind: 'pglite', dataDir: path.join(dataDir(env), 'pglite') };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `embedded PGlite at ${target.dataDir}`;
  const u = new URL(target.url);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
}
