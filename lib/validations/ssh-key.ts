import { z } from 'zod';

/**
 * An OpenSSH public key line: "<type> <base64 blob> [comment]". The blob is checked as the key
 * itself (SSH wire format: a length-prefixed string naming the same type), so a pasted private
 * key, a truncated line or a fingerprint is refused here rather than reaching cloud-init.
 */
const KEY_TYPES = ['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com'];

export function parsePublicKey(line: string): { type: string; blob: string; comment: string } | null {
  const m = /^(\S+) ([A-Za-z0-9+/]+={0,2})(?: (.*))?$/.exec(line.trim().replace(/\s+/g, ' '));
  if (!m || !KEY_TYPES.includes(m[1])) return null;
  const bytes = Buffer.from(m[2], 'base64');
  if (bytes.length < 4 + m[1].length + 8) return null;
  const len = bytes.readUInt32BE(0);
  if (len !== m[1].length || bytes.subarray(4, 4 + len).toString('latin1') !== m[1]) return null;
  return { type: m[1], blob: m[2], comment: (m[3] ?? '').trim() };
}

export const sshKeyAddSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'sshKeys.errors.nameRequired')
    .max(64, 'sshKeys.errors.nameTooLong')
    .regex(/^[\p{L}\p{N} _.@-]+$/u, 'sshKeys.errors.nameInvalid'),
  publicKey: z
    .string()
    .max(16 * 1024, 'sshKeys.errors.keyInvalid')
    .transform((v, ctx) => {
      const key = parsePublicKey(v);
      if (!key) {
        ctx.addIssue({ code: 'custom', message: 'sshKeys.errors.keyInvalid' });
        return z.NEVER;
      }
      // One normalized line: newlines inside a pasted key would break the cloud-init YAML.
      return [key.type, key.blob, key.comment].filter(Boolean).join(' ');
    }),
});
export type SshKeyAddInput = z.infer<typeof sshKeyAddSchema>;

export const sshKeyIdSchema = z.object({ id: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'sshKeys.errors.notFound') });
