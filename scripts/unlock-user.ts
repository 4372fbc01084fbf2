// Lifts the sign-in locks and the slowdown of one account, for when the last admin is locked out
// and nobody can reach the Users page:  npm run unlock-user -- <username>
// Run it with the dashboard's own DATABASE_URL / DATA_DIR. On the embedded database (PGlite, one
// process per data directory) stop the dashboard first; on PostgreSQL it may keep running.
import os from 'node:os';
import { audit } from '@/lib/audit/audit';
import { unlockAccount } from '@/lib/auth/throttle';
import { closePglite } from '@/lib/db/adapter';
import { getDb } from '@/lib/db/prisma';
import { databaseTarget, describeTarget } from '@/lib/db/target';

async function main() {
  const username = process.argv[2]?.trim();
  if (!username || process.argv.length > 3) {
    console.error('Usage: npm run unlock-user -- <username>');
    return 2;
  }
  const db = getDb();
  try {
    const user = await db.user.findUnique({ where: { username } });
    if (!user) {
      console.error(`No account named "${username}" in ${describeTarget(databaseTarget())}.`);
      return 1;
    }
    const released = await unlockAccount(user.username);
    await audit({
      actor: null,
      action: 'users.unlockSignIn',
      target: { type: 'user', id: user.id, name: user.username },
      result: 'success',
      detail: { via: 'scripts/unlock-user.ts', osUser: os.userInfo().username, released },
      ip: null,
    });
    console.log(`Sign-in of "${user.username}" unlocked (${released} locked address${released === 1 ? '' : 'es'} released).${user.disabled ? ' The account is still disabled.' : ''}`);
    return 0;
  } finally {
    await db.$disconnect();
    await closePglite();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
