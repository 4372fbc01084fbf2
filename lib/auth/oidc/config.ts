// OIDC sign-in is configured by environment variables only; unset OIDC_ISSUER means the login page
// offers local accounts alone. Read through here so a wrong value stops the start with the reason
// (scripts/server.ts) rather than failing at a user's first click.
import { z } from 'zod';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Unset: a public client (PKCE alone, no client authentication at the token endpoint). */
  clientSecret: string | null;
  scopes: string[];
  /** Shown on the login page: "Sign in with <name>". */
  name: string;
  /** Claim holding the groups; a dotted path reaches nested claims (Keycloak: realm_access.roles). */
  groupsClaim: string;
  usernameClaim: string;
  adminGroups: string[];
  /** When non-empty, only members of one of these provider groups (or of an admin group) may sign in. */
  allowedGroups: string[];
  /** Provider group → portal group name (lib/services/ownership quotas apply per portal group). */
  groupMap: Array<{ from: string; to: string }>;
  /** Where the provider sends the browser back: PUBLIC_URL + /api/oidc/callback. */
  redirectUri: string;
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const schema = z.object({
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }),
  OIDC_CLIENT_ID: z.string().trim().min(1, 'OIDC_CLIENT_ID is required with OIDC_ISSUER'),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_SCOPES: z.string().optional(),
  OIDC_NAME: z.string().trim().max(60).optional(),
  OIDC_GROUPS_CLAIM: z.string().trim().optional(),
  OIDC_USERNAME_CLAIM: z.string().trim().optional(),
  OIDC_ADMIN_GROUPS: z.string().optional(),
  OIDC_ALLOWED_GROUPS: z.string().optional(),
  OIDC_GROUP_MAP: z.string().optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  PORT: z.string().optional(),
});

export class OidcConfigError extends Error {}

/** The OIDC configuration, or null when OIDC_ISSUER is unset. Throws OidcConfigError on a wrong value. */
export function readOidcConfig(env: Record<string, string | undefined> = process.env): OidcConfig | null {
  if (!env.OIDC_ISSUER?.trim()) return null;
  const parsed = schema.safeParse({ ...env, OIDC_ISSUER: env.OIDC_ISSUER.trim() });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OidcConfigError(`${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const scopes = list((e.OIDC_SCOPES ?? 'openid profile email').replace(/\s+/g, ','));
  if (!scopes.includes('openid')) scopes.unshift('openid');
  const groupMap = list(e.OIDC_GROUP_MAP).map((pair) => {
    const at = pair.lastIndexOf('=');
    const from = pair.slice(0, at).trim();
    const to = pair.slice(at + 1).trim();
    if (at <= 0 || !from || !to) throw new OidcConfigError(`OIDC_GROUP_MAP: "${pair}" is not provider-group=portal-group`);
    return { from, to };
  });
  const base = (e.PUBLIC_URL ?? `http://localhost:${e.PORT || 3000}`).replace(/\/+$/, '');
  return {
    issuer: e.OIDC_ISSUER.replace(/\/+$/, ''),
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET || null,
    scopes,
    name: e.OIDC_NAME || 'SSO',
    groupsClaim: e.OIDC_GROUPS_CLAIM || 'groups',
    usernameClaim: e.OIDC_USERNAME_CLAIM || 'preferred_username',
    adminGroups: list(e.OIDC_ADMIN_GROUPS),
    allowedGroups: list(e.OIDC_ALLOWED_GROUPS),
    groupMap,
    redirectUri: `${base}/api/oidc/callback`,
  };
}

let cached: { env: string | undefined; config: OidcConfig | null } | undefined;

/** readOidcConfig for the running server, read once. */
export function oidcConfig(): OidcConfig | null {
  if (!cached || cached.env !== process.env.OIDC_ISSUER) cached = { env: process.env.OIDC_ISSUER, config: readOidcConfig() };
  return cached.config;
}
