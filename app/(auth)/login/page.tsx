import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getCurrentUser } from '@/lib/auth/current';
import { homePathFor } from '@/lib/auth/roles';
import { oidcConfig } from '@/lib/auth/oidc/config';
import { LoginForm } from '@/components/auth/login-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth'))('signInTitle') };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; setup?: string; error?: string }> }) {
  const user = await getCurrentUser();
  if (user) redirect(homePathFor(user.role));
  const { callbackUrl, setup, error } = await searchParams;
  const oidc = oidcConfig();
  return <LoginForm callbackUrl={callbackUrl} setupDone={setup === 'done'} oidcName={oidc?.name ?? null} oidcError={oidc ? oidcErrorKey(error) : null} />;
}

const OIDC_ERRORS = ['state', 'provider', 'exchange', 'token', 'unavailable', 'disabled', 'not-allowed'] as const;
export type OidcErrorKey = (typeof OIDC_ERRORS)[number];

/** The callback's refusal (?error=oidc-<reason>), when it is one we can explain. */
function oidcErrorKey(error: string | undefined): OidcErrorKey | null {
  const key = error?.startsWith('oidc-') ? error.slice(5) : '';
  return (OIDC_ERRORS as readonly string[]).includes(key) ? (key as OidcErrorKey) : null;
}
