import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getCurrentUser } from '@/lib/auth/current';
import { homePathFor } from '@/lib/auth/roles';
import { LoginForm } from './login-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth'))('signInTitle') };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; setup?: string }> }) {
  const user = await getCurrentUser();
  if (user) redirect(homePathFor(user.role));
  const { callbackUrl, setup } = await searchParams;
  return <LoginForm callbackUrl={callbackUrl} setupDone={setup === 'done'} />;
}
