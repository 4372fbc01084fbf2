// `prisma -v` is what @prisma/client's postinstall runs on every `npm ci`. With an embedded
// database already in DATA_DIR (any machine that has run the dashboard once), the CLI used to open
// it through prisma.config.ts's adapter and never exit, so `npm ci` hung: the fresh-machine check
// found it when the README's demo command ran `npm ci` a second time. The CLI must finish.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();
const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { closePglite } = await import('@/lib/db/adapter');
const run = promisify(execFile);

describe(`the Prisma CLI beside an existing database (${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'})`, () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    await closePglite();
    if (onPostgres()) return;
    // A dashboard that was killed: another process opens the directory and ends without closing it.
    const script = `import { PGlite } from '@electric-sql/pglite'; const db = new PGlite(${JSON.stringify(path.join(process.env.DATA_DIR!, 'pglite'))}); await db.query('SELECT 1'); process.exit(0);`;
    await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 });
  }, 120_000);

  it('prisma -v (run by npm ci) names the adapter and exits', async () => {
    // A process that does not exit is killed at the timeout and the call rejects: the test fails.
    const { stdout } = await run(process.execPath, [path.resolve('node_modules/prisma/build/index.js'), '-v'], {
      timeout: 90_000,
      env: { ...process.env, DATA_DIR: process.env.DATA_DIR },
    });
    expect(stdout).toMatch(/Schema Engine Adapter\s*:\s*(pglite-prisma-adapter|@prisma\/adapter-pg)/);
  }, 120_000);
});
