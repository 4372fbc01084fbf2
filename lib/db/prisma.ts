// The process-wide Prisma client, without the `server-only` marker so that the custom server
// (scripts/server.ts) can use it before Next starts. App code imports lib/db/client instead.
import fs from 'node:fs';
import { PrismaClient } from '@prisma/client';
import { createDriverAdapter } from './adapter';

// One client per process: Next can load this module more than once (route bundles, hot
// reload) besides the custom server, and PGlite must not be opened twice.
const globalForDb = globalThis as unknown as { __virtdashPrisma?: PrismaClient };

export function getDb(): PrismaClient {
  globalForDb.__virtdashPrisma ??= createClient();
  return globalForDb.__virtdashPrisma;
}

function createClient(): PrismaClient {
  const logFile = process.env.VIRTDASH_QUERY_LOG;
  if (!logFile) return new PrismaClient({ adapter: createDriverAdapter() });
  // Benchmarks only (scripts/bench/queries.ts): every SQL statement Prisma sends, one line each,
  // appended to this file so that a script can count the queries a page makes. Decided once when
  // the client is created, so with the variable unset nothing is subscribed and nothing costs.
  const client = new PrismaClient({ adapter: createDriverAdapter(), log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (e) => fs.appendFileSync(logFile, `${e.query.replace(/\s+/g, ' ')}\n`));
  return client;
}
