import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretDecryptionError, decryptSecret, encryptSecret, generateSecretKey, getSecretKey } from './secrets';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);
const saved = process.env.SECRET_KEY;

beforeEach(() => {
  process.env.SECRET_KEY = KEY_A;
});
afterEach(() => {
  if (saved === undefined) delete process.env.SECRET_KEY;
  else process.env.SECRET_KEY = saved;
});

/** Flips one bit of one base64 part of a v1 value. */
function flip(stored: string, part: 1 | 2 | 3): string {
  const parts = stored.split(':');
  const bytes = Buffer.from(parts[part], 'base64');
  bytes[0] ^= 0x01;
  parts[part] = bytes.toString('base64');
  return parts.join(':');
}

describe('encryptSecret / decryptSecret', () => {
  it('round-trips text, including empty and non-ASCII', () => {
    for (const text of ['demo-admin', '', 'pässwörd 密码 🔑', 'x'.repeat(10_000)]) {
      expect(decryptSecret(encryptSecret(text))).toBe(text);
    }
  });

  it('uses the v1 format and never contains the plaintext', () => {
    const stored = encryptSecret('demo-admin');
    expect(stored).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('demo-admin');
    expect(Buffer.from(stored.split(':')[1], 'base64')).toHaveLength(12);
    expect(Buffer.from(stored.split(':')[2], 'base64')).toHaveLength(16);
  });

  it('uses a random IV: the same plaintext encrypts differently each time', () => {
    const a = encryptSecret('same');
    const b = encryptSecret('same');
    expect(a).not.toBe(b);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
  });

  it('detects tampering with the data, the tag or the IV', () => {
    const stored = encryptSecret('demo-admin');
    for (const part of [1, 2, 3] as const) {
      expect(() => decryptSecret(flip(stored, part))).toThrow(SecretDecryptionError);
    }
    expect(() => decryptSecret(flip(stored, 3))).toThrow(/altered/);
  });

  it('refuses malformed and unknown-version values with a clear error', () => {
    const stored = encryptSecret('demo-admin');
    expect(() => decryptSecret('demo-admin')).toThrow(/unknown format/);
    expect(() => decryptSecret(stored.replace(/^v1:/, 'v9:'))).toThrow(/unknown format.*v9/);
    expect(() => decryptSecret(stored.split(':').slice(0, 3).join(':'))).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(stored.replace(/:([^:]+)$/, ':@@@@'))).toThrow(/malformed/);
  });

  it('a wrong key throws instead of returning garbage', () => {
    const stored = encryptSecret('demo-admin');
    process.env.SECRET_KEY = KEY_B;
    expect(() => decryptSecret(stored)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(stored)).toThrow(/SECRET_KEY is not the key/);
    process.env.SECRET_KEY = KEY_A;
    expect(decryptSecret(stored)).toBe('demo-admin');
  });
});

describe('getSecretKey', () => {
  it('throws a clear error when SECRET_KEY is missing or blank', () => {
    delete process.env.SECRET_KEY;
    expect(() => getSecretKey()).toThrow(/SECRET_KEY is not set/);
    expect(() => encryptSecret('x')).toThrow(/SECRET_KEY is not set/);
    process.env.SECRET_KEY = '   ';
    expect(() => getSecretKey()).toThrow(/SECRET_KEY is not set/);
  });

  it('accepts 64 hex characters as the key itself', () => {
    const hex = generateSecretKey();
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect(getSecretKey({ SECRET_KEY: hex }).equals(Buffer.from(hex, 'hex'))).toBe(true);
  });

  it('accepts base64 and base64url of 32 bytes', () => {
    const raw = randomBytes(32);
    expect(getSecretKey({ SECRET_KEY: raw.toString('base64') }).equals(raw)).toBe(true);
    expect(getSecretKey({ SECRET_KEY: raw.toString('base64url') }).equals(raw)).toBe(true);
  });

  it('derives a stable 32-byte key from a passphrase of ≥ 32 characters', () => {
    const phrase = 'correct horse battery staple, and then some';
    const a = getSecretKey({ SECRET_KEY: phrase });
    expect(a).toHaveLength(32);
    expect(getSecretKey({ SECRET_KEY: 'x' + phrase }).equals(a)).toBe(false);
    expect(getSecretKey({ SECRET_KEY: phrase }).equals(a)).toBe(true);
    process.env.SECRET_KEY = phrase;
    expect(decryptSecret(encryptSecret('via passphrase'))).toBe('via passphrase');
  });

  it('refuses a short key', () => {
    expect(() => getSecretKey({ SECRET_KEY: 'too-short' })).toThrow(/too short/);
  });
});
