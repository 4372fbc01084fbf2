import 'server-only';
import { PrismaClient } from '@prisma/client';
import { createDriverAdapter } from './adapter';

// One client per process. Next can load this module more than once (route bundles, hot
// reload) and the custom server loads it too; PGlite must not be opened twice, so the
// instance lives on globalThis.
const globalForDb = globalThis as unknown as { __virtdashPrisma?: PrismaClient };

export function getDb(): PrismaClient {
  globalForDb.__virtdashPrisma ??= new PrismaClient({ adapter: createDriverAdapter() });
  return globalForDb.__virtdashPrisma;
}

export const db = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop, client);
    return typeof value === 'function' ? value.bind(client) : value;
  },
});
