import 'server-only';
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

/**
 * A new SSH private key for the dashboard's consoles: RSA 3072 in PKCS#1 PEM, which OpenSSH, the
 * engine's key check and the ssh2 client all read (an Ed25519 key from node:crypto comes only as
 * PKCS#8, which the ssh2 client does not). Made off the event loop: RSA generation takes a moment.
 */
export async function generateSshPrivateKey(): Promise<string> {
  const { privateKey } = await generate('rsa', {
    modulusLength: 3072,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return privateKey;
}
