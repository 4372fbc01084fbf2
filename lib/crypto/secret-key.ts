/**
 * The forms SECRET_KEY may take (README, "Configuration"), in one place for the cipher
 * (lib/crypto/secrets.ts) and for the start-up check (lib/config/secrets.ts), which runs in the
 * plain Node server before Next, where `server-only` modules cannot be imported.
 *   - 64 hexadecimal characters: the 32 key bytes themselves;
 *   - base64 or base64url that decodes to exactly 32 bytes;
 *   - any other string of at least 32 characters: a passphrase (stretched with scrypt).
 */

export const SECRET_KEY_BYTES = 32;
export const MIN_PASSPHRASE_CHARS = 32;

export type SecretKeyForm = { kind: 'hex' | 'base64' | 'base64url'; bytes: Buffer } | { kind: 'passphrase' };

/** Which form a (trimmed) SECRET_KEY value has, or undefined when it is none of them. */
export function secretKeyForm(source: string): SecretKeyForm | undefined {
  if (/^[0-9a-f]{64}$/i.test(source)) return { kind: 'hex', bytes: Buffer.from(source, 'hex') };
  const encoding = /^[A-Za-z0-9+/]+={0,2}$/.test(source) ? 'base64' : /^[A-Za-z0-9_-]+={0,2}$/.test(source) ? 'base64url' : undefined;
  if (encoding) {
    const bytes = Buffer.from(source, encoding);
    if (bytes.length === SECRET_KEY_BYTES) return { kind: encoding, bytes };
  }
  if (source.length >= MIN_PASSPHRASE_CHARS) return { kind: 'passphrase' };
  return undefined;
}

/** What is wrong with a SECRET_KEY value that is set, in words for the operator; undefined when usable. */
export function secretKeyProblem(value: string): string | undefined {
  const source = value.trim();
  if (secretKeyForm(source)) return undefined;
  return (
    `SECRET_KEY is too short: give 64 hex characters, base64 of 32 bytes, or a passphrase of at least ` +
    `${MIN_PASSPHRASE_CHARS} characters (it is ${source.length} characters long).`
  );
}
