import 'server-only';
import type { ConsoleSshStore } from '@/lib/backends/config';
import { BackendError } from '@/lib/backends/errors';
import { SecretDecryptionError, decryptSecret, encryptSecret } from '@/lib/crypto/secrets';
import { generateSshPrivateKey } from '@/lib/crypto/ssh-keygen';
import { db } from '@/lib/db/client';
import { isUniqueViolation } from '@/lib/db/errors';

/**
 * The SSH identity of each connection's consoles, in the database (ConsoleSshIdentity): the key pair
 * the dashboard made for it (private key sealed like the connection's password, never sent to the
 * browser) and the console proxy's host key as first seen. The adapters get it as
 * BackendRuntimeOptions.consoleSsh and never see the database.
 */
export const consoleSshStore: ConsoleSshStore = {
  async privateKey(connectionId) {
    const row = await db.consoleSshIdentity.findUnique({ where: { connectionId } });
    if (row) return open(row.keyCipher);
    const privateKey = await generateSshPrivateKey();
    try {
      await db.consoleSshIdentity.create({ data: { connectionId, keyCipher: encryptSecret(privateKey) } });
      return privateKey;
    } catch (error) {
      // Two first consoles at once: the one stored first is the connection's key.
      if (!isUniqueViolation(error)) throw error;
      const stored = await db.consoleSshIdentity.findUniqueOrThrow({ where: { connectionId } });
      return open(stored.keyCipher);
    }
  },

  async trustHostKey(connectionId, address, hostKey) {
    const row = await db.consoleSshIdentity.findUnique({ where: { connectionId }, select: { hostAddress: true, hostKey: true } });
    // A key recorded for this address is the one to match; a new address (the connection was
    // pointed at another engine) is learned anew, as ssh learns a new host.
    if (row?.hostKey && row.hostAddress === address) return { recorded: row.hostKey };
    // Only where no key of this address is recorded yet: of two first uses, the first one wins.
    const { count } = await db.consoleSshIdentity.updateMany({
      where: { connectionId, OR: [{ hostKey: null }, { hostAddress: { not: address } }, { hostAddress: null }] },
      data: { hostAddress: address, hostKey },
    });
    if (count === 1) return {};
    const now = await db.consoleSshIdentity.findUnique({ where: { connectionId }, select: { hostAddress: true, hostKey: true } });
    return { recorded: now?.hostAddress === address ? (now.hostKey ?? undefined) : undefined };
  },
};

function open(cipher: string): string {
  try {
    return decryptSecret(cipher);
  } catch (error) {
    const why = error instanceof SecretDecryptionError ? 'SECRET_KEY may have changed since it was made' : 'the stored value is damaged';
    throw new BackendError('conflict', `The connection's console SSH key cannot be read (${why}).`, { cause: error });
  }
}
