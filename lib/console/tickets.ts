// One-time passes for the console WebSocket relay (lib/console/relay.ts).
//
// No `import 'server-only'`: the custom server (scripts/server.ts) redeems tickets before any
// request reaches Next, and that marker throws outside a React server bundle. The backend's
// console password is sealed with a key derived from SECRET_KEY (./ticket-crypto), never stored
// in clear, and never sent to the browser: the relay answers the VM's authentication itself.
import crypto from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import { getDb } from '@/lib/db/prisma';
import { openConsolePassword, sealConsolePassword } from './ticket-crypto';

/** Tickets live at most this long: the browser redeems one right after it got it. */
export const CONSOLE_TICKET_TTL_MS = 60_000;
/** Old rows are pruned when new tickets are issued (kept a while for debugging). */
const PRUNE_AFTER_MS = 60 * 60_000;

export interface IssueConsoleTicketInput {
  userId: string;
  connectionId: string;
  /** Qualified VM id. */
  vmId: string;
  vmName?: string | null;
  /** 'vnc' or 'spice' (a port to connect to), or 'serial' (no port: the relay opens the VM's serial console through the backend's own connection; host '' and port 0). */
  protocol: string;
  host: string;
  port: number;
  /** The backend's one-time console password, stored encrypted. */
  password?: string | null;
  /** When the backend password stops working: the ticket never outlives it. */
  passwordExpiresAt?: Date | null;
  ttlMs?: number;
}

export interface RedeemedConsoleTicket {
  userId: string;
  connectionId: string;
  vmId: string;
  vmName: string | null;
  protocol: string;
  host: string;
  port: number;
  /** The backend's console password, opened from its seal. */
  password: string | null;
}

export function hashConsoleToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Issues a ticket and returns the token (43 base64url characters) for the browser. */
export async function issueConsoleTicket(
  input: IssueConsoleTicketInput,
  deps: { db?: PrismaClient; now?: () => Date } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const db = deps.db ?? getDb();
  const now = deps.now?.() ?? new Date();
  const ttl = Math.min(Math.max(input.ttlMs ?? CONSOLE_TICKET_TTL_MS, 1), CONSOLE_TICKET_TTL_MS);
  let expiresAt = new Date(now.getTime() + ttl);
  if (input.passwordExpiresAt && input.passwordExpiresAt < expiresAt) expiresAt = input.passwordExpiresAt;
  const serial = input.protocol === 'serial';
  if (serial ? input.port !== 0 || input.host !== '' : !Number.isInteger(input.port) || input.port <= 0 || input.port > 65535) {
    throw new RangeError(`invalid console port ${input.port}`);
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const id = hashConsoleToken(token);
  await db.consoleTicket.create({
    data: {
      id,
      userId: input.userId,
      connectionId: input.connectionId,
      vmId: input.vmId,
      vmName: input.vmName ?? null,
      protocol: input.protocol,
      host: input.host,
      port: input.port,
      passwordCipher: input.password ? sealConsolePassword(input.password, id) : null,
      expiresAt,
    },
  });
  await db.consoleTicket
    .deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - PRUNE_AFTER_MS) } } })
    .catch(() => {});
  return { token, expiresAt };
}

/**
 * Redeems a ticket for `userId`, once: the conditional update is atomic in the database, so of
 * two instances racing for the same token exactly one gets count 1. Returns null when the token
 * is unknown, used, expired or belongs to someone else (a foreign attempt does not burn it).
 */
export async function redeemConsoleTicket(
  token: string,
  userId: string,
  deps: { db?: PrismaClient; now?: () => Date } = {},
): Promise<RedeemedConsoleTicket | null> {
  if (!token || token.length > 200) return null;
  const db = deps.db ?? getDb();
  const now = deps.now?.() ?? new Date();
  const id = hashConsoleToken(token);
  const { count } = await db.consoleTicket.updateMany({
    where: { id, userId, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  const row = await db.consoleTicket.findUnique({ where: { id } });
  if (!row) return null;
  return {
    userId: row.userId,
    connectionId: row.connectionId,
    vmId: row.vmId,
    vmName: row.vmName,
    protocol: row.protocol,
    host: row.host,
    port: row.port,
    password: row.passwordCipher ? openConsolePassword(row.passwordCipher, id) : null,
  };
}
