import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Monitor } from 'lucide-react';
import { PageHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { requireUser } from '@/lib/auth/guards';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('portal'))('title') };
}

export default async function PortalPage() {
  const user = await requireUser();
  const t = await getTranslations('portal');
  return (
    <>
      <PageHeader title={t('title')} description={t('welcome', { name: user.displayName || user.username })} />
      <EmptyState icon={<Monitor className="size-10" aria-hidden />} title={t('emptyTitle')}>
        <p>{t('emptyBody')}</p>
      </EmptyState>
    </>
  );
}
