/** The checks every http(s) connection URL passes (oVirt, Cinder) before its kind's own. */

export type HttpUrlProblem = 'urlInvalid' | 'urlScheme' | 'urlCredentials';

export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** An http(s) URL with a host, no user or password in it (those go in their own fields), no fragment. */
export function httpUrlProblem(raw: string): HttpUrlProblem | undefined {
  const url = parseUrl(raw);
  if (!url) return 'urlInvalid';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'urlScheme';
  if (!url.hostname) return 'urlInvalid';
  if (url.username || url.password) return 'urlCredentials';
  if (url.hash) return 'urlInvalid';
  return undefined;
}
