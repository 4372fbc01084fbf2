// The process-wide Prisma client, without the `server-only` marker so that the custom server
// (scripts/server.ts) can use it before Next starts. App code imports lib/db/client instead.
import { PrismaClient } from '@prisma/client';
import { createDriverAdapter } from './adapter';

// One client per process: Next can load this module more than once (route bundles, hot
// reload) besides the custom server, and PGlite must not be opened twice.
const globalForDb = globalThis as unknown as { __virtdashPrisma?: PrismaClient };

export function getDb(): PrismaClient {
  globalForDb.__virtdashPrisma ??= new PrismaClient({ adapter: createDriverAdapter() });
  return globalForDb.__virtdashPrisma;
}
