import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { setupTokenValid } from '@/lib/auth/bootstrap';
import { SetupForm } from '@/components/auth/setup-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('setup'))('title') };
}

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const t = await getTranslations('setup');
  const { token } = await searchParams;
  if (!token || !(await setupTokenValid(token))) {
    return (
      <Card className="p-6">
        <h1 className="mb-2 text-lg font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('tokenInvalid')}</p>
      </Card>
    );
  }
  return <SetupForm token={token} />;
}
