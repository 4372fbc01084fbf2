/**
 * A user's SSH public keys (`/users/{id}/sshpublickeys`), which the engine keeps for the serial
 * console proxy: ovirt-vmconsole-proxy asks the engine whose key a client presented and lets it
 * reach that user's VMs (vmconsole-proxy.ts). A user sees and changes only their own keys; an
 * admin anyone's. Registered into the main router by api.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Ctx, Reply, Router } from './api';
import type { Engine } from './engine';
import { badRequest, conflict, incomplete, notFound } from './errors';
import type { User } from './model';
import { type Wire, collection, href, ref } from './wire';

export interface SshPublicKey { id: string; userId: string; content: string }

/** The key types OpenSSH's authorized_keys takes, which is what the engine checks a key against. */
const KEY_LINE = /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com) ([A-Za-z0-9+/]+={0,2})(?: .*)?$/;

/** Type and base64 of an authorized_keys line, the comment left out; undefined when it is not one. */
export function keyOf(line: string): { type: string; blob: Buffer } | undefined {
  const m = KEY_LINE.exec(line.trim());
  if (!m) return undefined;
  const blob = Buffer.from(m[2], 'base64');
  // The blob starts with its own type name: a key pasted under another type's name is not valid.
  const nameLength = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (nameLength <= 0 || blob.subarray(4, 4 + nameLength).toString('latin1') !== m[1]) return undefined;
  return { type: m[1], blob };
}

const keysOf = (e: Engine, userId: string): SshPublicKey[] => e.sshPublicKeys.get(userId) ?? [];

/** The engine user holding this public key (by its SSH blob) and the key line as registered, if any. */
export function holderOfKey(e: Engine, blob: Buffer): { user: User; content: string } | undefined {
  for (const [userId, keys] of e.sshPublicKeys) {
    const key = keys.find((k) => keyOf(k.content)?.blob.equals(blob));
    const user = key && e.store.users.get(userId);
    if (key && user) return { user, content: key.content };
  }
  return undefined;
}

function keyWire(k: SshPublicKey): Wire {
  return { id: k.id, href: href(`users/${k.userId}/sshpublickeys/${k.id}`), content: k.content, user: ref('users', k.userId) };
}

function userOf(c: Ctx): User {
  const u = c.e.store.users.get(c.params.id);
  if (!u || !c.access.userEntity(u)) throw notFound(c.params.id);
  return u;
}

export function registerSshKeyRoutes(r: Router): void {
  r.add('GET', '/users/:id/sshpublickeys', (c): Reply => ({ status: 200, body: collection('ssh_public_key', keysOf(c.e, userOf(c).id).map(keyWire)) }));
  r.add('GET', '/users/:id/sshpublickeys/:key', (c): Reply => {
    const k = keysOf(c.e, userOf(c).id).find((x) => x.id === c.params.key);
    if (!k) throw notFound(c.params.key);
    return { status: 200, body: keyWire(k) };
  });
  r.add('POST', '/users/:id/sshpublickeys', (c): Reply => {
    const user = userOf(c);
    const content = c.body.content;
    if (typeof content !== 'string' || !content.trim()) throw incomplete('SshPublicKey', 'content');
    const key = keyOf(content);
    if (!key) throw badRequest('Invalid SSH public key.');
    const keys = keysOf(c.e, user.id);
    if (keys.some((k) => keyOf(k.content)?.blob.equals(key.blob))) throw conflict('Cannot add SSH public key. The key is already set for the user.');
    const added: SshPublicKey = { id: randomUUID(), userId: user.id, content: content.trim() };
    c.e.sshPublicKeys.set(user.id, [...keys, added]);
    return { status: 201, body: keyWire(added), headers: { location: href(`users/${user.id}/sshpublickeys/${added.id}`) } };
  });
  r.add('DELETE', '/users/:id/sshpublickeys/:key', (c): Reply => {
    const user = userOf(c);
    const keys = keysOf(c.e, user.id);
    if (!keys.some((k) => k.id === c.params.key)) throw notFound(c.params.key);
    c.e.sshPublicKeys.set(user.id, keys.filter((k) => k.id !== c.params.key));
    return { status: 200, body: null };
  });
}
