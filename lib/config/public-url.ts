// The address users reach the dashboard at (PUBLIC_URL, else http://localhost:$PORT), read in one
// place: return paths are resolved against it, the session cookie's Secure flag follows its scheme,
// and requests that change state must come from its origin. Request headers (X-Forwarded-Proto)
// never decide these, since whoever sends the request writes them.

export function publicUrl(env: Record<string, string | undefined> = process.env): URL {
  const raw = env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT || 3000}`;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // falls through to the default below
  }
  return new URL(`http://localhost:${env.PORT || 3000}`);
}

/** Whether cookies are marked Secure: exactly when PUBLIC_URL is https. */
export function secureCookies(env: Record<string, string | undefined> = process.env): boolean {
  return publicUrl(env).protocol === 'https:';
}
