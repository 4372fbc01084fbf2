// VNC Authentication (RFB security type 2): DES-encrypt the server's 16-byte challenge with the
// password as key. RFB's quirk: each key byte has its bits mirrored. OpenSSL 3 keeps single DES
// in the legacy provider only, but two-key triple DES with both keys equal is exactly single DES
// (E(K, D(K, E(K, x))) = E(K, x)), and that cipher is still in the default provider.
import crypto from 'node:crypto';

function mirror(byte: number): number {
  let out = 0;
  for (let i = 0; i < 8; i++) if (byte & (1 << i)) out |= 1 << (7 - i);
  return out;
}

/** The key RFB derives from a password: at most 8 bytes (longer passwords are cut), zero-padded. */
export function vncKey(password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) key[i] = mirror(key[i]);
  return key;
}

export function vncAuthResponse(challenge: Buffer, password: string): Buffer {
  if (challenge.length !== 16) throw new RangeError('a VNC challenge has 16 bytes');
  const key = vncKey(password);
  const cipher = crypto.createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}
