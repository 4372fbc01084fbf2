/**
 * The engine's SSO token store. Tokens are opaque random strings (never derived from the seed:
 * they are credentials), valid for a fixed lifetime, revocable one by one (sso-logout) or all at
 * once (the expireTokens fault, like an engine restart).
 */
import { randomBytes } from 'node:crypto';
import type { User } from './model';

export interface IssuedToken { token: string; userId: string; expiresAt: number }

export class TokenStore {
  private tokens = new Map<string, IssuedToken>();

  constructor(private readonly lifetimeMs: number) {}

  issue(user: User): IssuedToken {
    const t: IssuedToken = { token: randomBytes(48).toString('base64url'), userId: user.id, expiresAt: Date.now() + this.lifetimeMs };
    this.tokens.set(t.token, t);
    return t;
  }

  /** The user id behind a live token, or undefined (unknown, revoked or expired). */
  validate(token: string): string | undefined {
    const t = this.tokens.get(token);
    if (!t) return undefined;
    if (Date.now() >= t.expiresAt) {
      this.tokens.delete(token);
      return undefined;
    }
    return t.userId;
  }

  revoke(token: string): boolean {
    return this.tokens.delete(token);
  }

  /** Live (unexpired, unrevoked) tokens, of one user or of everyone. */
  liveCount(userId?: string): number {
    const now = Date.now();
    let n = 0;
    for (const t of this.tokens.values()) if (t.expiresAt > now && (userId === undefined || t.userId === userId)) n++;
    return n;
  }

  revokeAll(): void {
    this.tokens.clear();
  }
}
