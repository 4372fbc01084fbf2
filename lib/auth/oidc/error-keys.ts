/** The refusals of the OIDC callback (?error=oidc-<reason>) the sign-in page can explain. */
const OIDC_ERRORS = ['state', 'provider', 'exchange', 'token', 'unavailable', 'disabled', 'not-allowed'] as const;
export type OidcErrorKey = (typeof OIDC_ERRORS)[number];

/** The callback's refusal (?error=oidc-<reason>), when it is one we can explain. */
export function oidcErrorKey(error: string | undefined): OidcErrorKey | null {
  const key = error?.startsWith('oidc-') ? error.slice(5) : '';
  return (OIDC_ERRORS as readonly string[]).includes(key) ? (key as OidcErrorKey) : null;
}
