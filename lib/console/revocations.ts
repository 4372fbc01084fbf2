// Sessions ended (sign-out, password reset, a user disabled) are announced here, and the console
// relay closes the consoles opened with them at once. The relay runs in the custom server
// (scripts/server.ts) and the revocations happen in Next's server bundles: one Node process, but
// two copies of every module, so the listeners live on globalThis under a registered symbol.
// Another dashboard instance learns of it through the relay's periodic session check instead.

export interface SessionRevocation {
  /** One session ended (sign-out)… */
  sessionId?: string;
  /** …or every session of a user (password reset, disabled). */
  userId?: string;
}

type Listener = (revoked: SessionRevocation) => void;

const KEY = Symbol.for('virtdash.console.sessionRevocations');

function listeners(): Set<Listener> {
  const g = globalThis as typeof globalThis & { [KEY]?: Set<Listener> };
  return (g[KEY] ??= new Set());
}

/** Subscribes; returns the unsubscribe. */
export function onSessionsRevoked(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

export function announceSessionsRevoked(revoked: SessionRevocation): void {
  for (const listener of [...listeners()]) {
    try {
      listener(revoked);
    } catch (err) {
      console.error('[console] closing consoles of revoked sessions failed:', err);
    }
  }
}
