import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getCurrentUser } from '@/lib/auth/current';
import { homePathFor } from '@/lib/auth/roles';
import { oidcConfig } from '@/lib/auth/oidc/config';
import { oidcErrorKey } from '@/lib/auth/oidc/error-keys';
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
