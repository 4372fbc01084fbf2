import 'server-only';
import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { audit } from '@/lib/audit/audit';
import type { Role } from '../roles';
import { createAuthSession } from '../sessions';
import type { OidcConfig } from './config';
import { claimList, type IdClaims } from './flow';

export type OidcSignInResult =
  | { ok: true; userId: string; username: string; role: Role; sessionId: string }
  | { ok: false; reason: 'disabled' | 'not-allowed' };

/** What the provider's groups mean here: a role, whether sign-in is allowed, and the portal groups. */
export function mapGroups(config: OidcConfig, groups: string[]) {
  const has = (g: string) => groups.includes(g);
  const role: Role = config.adminGroups.some(has) ? 'admin' : 'user';
  const allowed = role === 'admin' || config.allowedGroups.length === 0 || config.allowedGroups.some(has);
  const portalGroups = [...new Set(config.groupMap.filter((m) => has(m.from)).map((m) => m.to))].sort();
  const managedGroups = [...new Set(config.groupMap.map((m) => m.to))];
  return { role, allowed, portalGroups, managedGroups };
}

function claimString(claims: IdClaims, key: string): string | null {
  const v = claims[key];
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, 128) : null;
}

/** A free username for a new account: the provider's name, or with a suffix when a local account holds it. */
async function freeUsername(tx: Pick<typeof db, 'user'>, wanted: string, sub: string): Promise<string> {
  if (!(await tx.user.findUnique({ where: { username: wanted } }))) return wanted;
  // Never link to an existing account by name: that would let whoever controls the name at the
  // provider take over a local account here.
  const suffix = crypto.createHash('sha256').update(sub).digest('hex').slice(0, 6);
  return `${wanted.slice(0, 120)}-${suffix}`;
}

/**
 * After the ID token has been verified: finds or creates the account linked to the provider's
 * subject, applies the group mappings (every sign-in, so changes at the provider take effect at
 * the next sign-in), refuses disabled or unmapped users, and opens a database session.
 */
export async function signInWithOidc(config: OidcConfig, claims: IdClaims, ip: string, userAgent: string | null): Promise<OidcSignInResult> {
  const groups = claimList(claims, config.groupsClaim);
  const mapped = mapGroups(config, groups);
  const wanted = claimString(claims, config.usernameClaim) ?? claimString(claims, 'email') ?? claims.sub.slice(0, 128);
  const displayName = claimString(claims, 'name');
  const linked = await db.user.findUnique({ where: { oidcIssuer_oidcSubject: { oidcIssuer: claims.iss, oidcSubject: claims.sub } } });
  const detail = { provider: 'oidc', subject: claims.sub, groups };

  if (linked?.disabled) {
    await audit({ actor: { id: linked.id, username: linked.username }, action: 'auth.login', target: { type: 'user', id: linked.id, name: linked.username }, result: 'failure', detail: { ...detail, reason: 'disabled' }, ip });
    return { ok: false, reason: 'disabled' };
  }
  if (!mapped.allowed) {
    await audit({ actor: null, action: 'auth.login', target: { type: 'user', id: linked?.id, name: linked?.username ?? wanted }, result: 'failure', detail: { ...detail, reason: 'not-allowed' }, ip });
    return { ok: false, reason: 'not-allowed' };
  }

  const user = await db.$transaction(async (tx) => {
    const row = linked
      ? await tx.user.update({ where: { id: linked.id }, data: { role: mapped.role, displayName: displayName ?? linked.displayName, lastLoginAt: new Date() } })
      : await tx.user.create({
          data: {
            username: await freeUsername(tx, wanted, claims.sub),
            displayName,
            passwordHash: null,
            role: mapped.role,
            authProvider: 'oidc',
            oidcIssuer: claims.iss,
            oidcSubject: claims.sub,
            lastLoginAt: new Date(),
          },
        });
    // Only the portal groups named in OIDC_GROUP_MAP follow the provider; memberships an admin
    // gave in other groups stay as they are.
    for (const name of mapped.managedGroups) {
      const member = mapped.portalGroups.includes(name);
      const group = member ? await tx.userGroup.upsert({ where: { name }, create: { name }, update: {} }) : await tx.userGroup.findUnique({ where: { name } });
      if (!group) continue;
      if (member) {
        await tx.userGroupMember.upsert({ where: { groupId_userId: { groupId: group.id, userId: row.id } }, create: { groupId: group.id, userId: row.id }, update: {} });
      } else {
        await tx.userGroupMember.deleteMany({ where: { groupId: group.id, userId: row.id } });
      }
    }
    return row;
  });

  const session = await createAuthSession(user.id, ip, userAgent);
  await audit({
    actor: { id: user.id, username: user.username },
    action: 'auth.login',
    target: { type: 'user', id: user.id, name: user.username },
    result: 'success',
    detail: { ...detail, created: !linked, role: user.role, portalGroups: mapped.portalGroups },
    ip,
  });
  return { ok: true, userId: user.id, username: user.username, role: user.role, sessionId: session.id };
}
