// Each DB test file gets a fresh database: an embedded one in a temp dir, or, when
// DATABASE_URL is set (scripts/test.sh points it at a throwaway PostgreSQL), a new database
// on that server, so files running in parallel never see each other's rows.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const onPostgres = () => !!process.env.DATABASE_URL;

export async function freshDatabase(): Promise<void> {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-db-'));
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const name = `virtdash_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
}
