import { describe, expect, it } from 'vitest';
import { parsePublicKey, sshKeyAddSchema } from './ssh-key';

// A real ed25519 public key (generated for this test; the private half was discarded).
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDvjY7C1ZEx2nlzNHhnFS+viKPSPNCVrwQDjAAqxPupK alice@laptop';

describe('SSH public keys', () => {
  it('accepts an OpenSSH line and keeps it on one line', () => {
    const parsed = sshKeyAddSchema.safeParse({ name: 'laptop', publicKey: `  ${ED25519.replace(' alice', '   alice')}\n` });
    expect(parsed.success && parsed.data.publicKey).toBe(ED25519);
    expect(parsePublicKey(ED25519)?.type).toBe('ssh-ed25519');
  });

  it('refuses a key whose blob names another type, a private key and a fingerprint', () => {
    expect(parsePublicKey(ED25519.replace('ssh-ed25519', 'ssh-rsa'))).toBeNull();
    expect(parsePublicKey('-----BEGIN OPENSSH PRIVATE KEY-----')).toBeNull();
    expect(parsePublicKey('SHA256:abcdefghijklmnop')).toBeNull();
    const refused = sshKeyAddSchema.safeParse({ name: 'x', publicKey: 'ssh-ed25519 AAAA' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0].message).toBe('sshKeys.errors.keyInvalid');
  });
});
