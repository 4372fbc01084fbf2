// The one place that says what each role may do. Pages, server actions and route handlers all
// ask here (through lib/auth/guards.ts), so a rule is never written twice.
export const ROLES = ['admin', 'user'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  sessionId: string;
}

const RANK: Record<Role, number> = { user: 1, admin: 2 };

/** True when `role` is at least `required`. */
export function hasRole(user: Pick<SessionUser, 'role'> | null | undefined, required: Role): boolean {
  return !!user && RANK[user.role] >= RANK[required];
}

/** Where a signed-in user lands: admins in the administration portal, others in their own. */
export function homePathFor(role: Role): string {
  return role === 'admin' ? '/' : '/portal';
}

/** Paths that belong to the administration portal: only admins may open them. */
