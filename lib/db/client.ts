import 'server-only';
import type { PrismaClient } from '@prisma/client';
import { getDb } from './prisma';

export { getDb };

/** The Prisma client for app code; resolved lazily so importing this module opens nothing. */
export const db = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop, client);
    return typeof value === 'function' ? value.bind(client) : value;
  },
});
