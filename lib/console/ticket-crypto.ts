// Seals the backend's console password inside a console ticket row.
//
// Not lib/crypto/secrets: that module is server-only (it throws outside a React server bundle),
// and the side that opens the seal is the custom server's WebSocket upgrade, before Next. The
// key still comes from SECRET_KEY, so every dashboard instance sharing the database can open a
// ticket another instance sealed; HKDF with its own label keeps these short-lived seals apart
// from the at-rest format of stored backend passwords.
import crypto from 'node:crypto';

const LABEL = Buffer.from('virtdash/console-ticket-password/v1', 'utf8');
const PREFIX = 'ct1';

function key(env: NodeJS.ProcessEnv = process.env): Buffer {
  const source = env.SECRET_KEY?.trim();
  if (!source) throw new Error('SECRET_KEY is not set: console passwords cannot be sealed.');
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(source, 'utf8'), LABEL, LABEL, 32));
}

/** AES-256-GCM with a fresh IV; `aad` binds the seal to its ticket (a row cannot borrow another's). */
export function sealConsolePassword(plaintext: string, aad: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

/** Throws when the key differs or the value was altered: GCM authenticates. */
export function openConsolePassword(sealed: string, aad: string): string {
  const [prefix, iv, tag, data] = sealed.split('.');
  if (prefix !== PREFIX || !iv || !tag || data === undefined) throw new Error('not a sealed console password');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
