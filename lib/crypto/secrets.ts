import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { SECRET_KEY_BYTES, secretKeyForm, secretKeyProblem } from './secret-key';

/**
 * Encryption of stored secrets (backend passwords) at rest: AES-256-GCM, which
 * both hides and authenticates, so a wrong key or an altered value fails loudly
 * instead of decrypting to garbage.
 *
 * Stored format, one line of ASCII: `v1:<iv>:<tag>:<data>`, each part standard
 * base64 (12-byte random IV, 16-byte tag). The version prefix lets a later
 * format (another cipher, a key id for rotation) live next to old rows.
 *
 * The key comes from the environment variable SECRET_KEY, read at each call
 * (the derived key is cached per value), in one of three forms:
 *   - 64 hexadecimal characters: the 32 key bytes themselves
 *     (`openssl rand -hex 32`, or generateSecretKey());
 *   - base64 or base64url that decodes to exactly 32 bytes (`openssl rand -base64 32`);
 *   - any other string of at least 32 characters: a passphrase, stretched with
 *     scrypt (N=2^14, r=8, p=1, fixed application salt) into 32 bytes. scrypt
 *     rather than HKDF because a human-chosen passphrase has far less entropy than
 *     its length suggests, and scrypt makes guessing it expensive.
 * Changing SECRET_KEY makes every stored secret unreadable: re-enter the passwords.
 */

export const SECRET_KEY_ENV = 'SECRET_KEY';
const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = SECRET_KEY_BYTES;
// Binds every ciphertext to this format: a v1 value cannot be replayed as a later version.
const AAD = Buffer.from('virtdash:secret:v1', 'utf8');
const SCRYPT_SALT = Buffer.from('virtdash/SECRET_KEY/v1', 'utf8');

/** Thrown when a stored secret cannot be decrypted: wrong SECRET_KEY, or an altered/corrupt value. */
export class SecretDecryptionError extends Error {
  override readonly name = 'SecretDecryptionError';
}

let cached: { source: string; key: Buffer } | undefined;

/** The 32-byte key from SECRET_KEY. Throws a clear Error when it is missing or too short. */
export function getSecretKey(env: Record<string, string | undefined> = process.env): Buffer {
  const source = env[SECRET_KEY_ENV]?.trim();
  if (!source) {
    throw new Error(
      `${SECRET_KEY_ENV} is not set. It encrypts the stored backend passwords: set it to 64 hex characters ` +
        `(e.g. the output of \`openssl rand -hex 32\`) and keep it: changing it makes stored passwords unreadable.`,
    );
  }
  if (cached?.source === source) return cached.key;
  const key = parseKey(source);
  cached = { source, key };
  return key;
}

function parseKey(source: string): Buffer {
  const form = secretKeyForm(source);
  if (!form) throw new Error(secretKeyProblem(source));
  if (form.kind === 'passphrase') return scryptSync(source, SCRYPT_SALT, KEY_BYTES, { N: 2 ** 14, r: 8, p: 1 });
  return form.bytes;
}

/** A fresh random key in the preferred form (64 hex characters), for setup scripts. */
export function generateSecretKey(): string {
  return randomBytes(KEY_BYTES).toString('hex');
}

/** Encrypts with a fresh random IV: the same plaintext never gives the same cipher text twice. */
export function encryptSecret(plaintext: string): string {
  const key = getSecretKey();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(AAD);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT_VERSION, iv.toString('base64'), tag.toString('base64'), data.toString('base64')].join(':');
}

/** Decrypts a value made by encryptSecret. Throws SecretDecryptionError; never returns garbage. */
export function decryptSecret(stored: string): string {
  const parts = stored.split(':');
  if (parts.length !== 4 || parts[0] !== FORMAT_VERSION) {
    const version = parts.length > 1 ? parts[0] : 'none';
    throw new SecretDecryptionError(
      `Cannot decrypt a stored secret: unknown format (version "${version.slice(0, 8)}"; expected "${FORMAT_VERSION}").`,
    );
  }
  const [, ivText, tagText, dataText] = parts;
  const iv = strictBase64(ivText);
  const tag = strictBase64(tagText);
  const data = strictBase64(dataText);
  if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !data) {
    throw new SecretDecryptionError('Cannot decrypt a stored secret: the value is malformed.');
  }
  const key = getSecretKey();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(AAD);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch (error) {
    // GCM cannot tell the two apart: both fail the authentication tag.
    throw new SecretDecryptionError(
      `Cannot decrypt a stored secret: ${SECRET_KEY_ENV} is not the key it was encrypted with, or the value was altered.`,
      { cause: error },
    );
  }
}

/** Node's base64 decoder skips bad characters silently; this one refuses them. */
function strictBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return Buffer.from(text, 'base64');
}
