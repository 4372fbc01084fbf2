import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Monitor } from 'lucide-react';
import { MyVms } from '@/components/portal/my-vms';
import { PageHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { requireUser } from '@/lib/auth/guards';
import { engineVisibleVms, listMyVms } from '@/lib/services/portal';
import { EngineVms } from '@/components/portal/engine-vms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('portal'))('title') };
}

interface Props {
  searchParams: Promise<{ page?: string }>;
}

export default async function PortalPage({ searchParams }: Props) {
  const user = await requireUser();
  const t = await getTranslations('portal');
  const page = Math.min(10_000, Math.max(1, Number.parseInt((await searchParams).page ?? '1', 10) || 1));
  const [vms, engine] = await Promise.all([listMyVms(user, page), engineVisibleVms()]);
  const launch = (
    <Link href="/portal/launch" className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
      {t('launch.title')}
    </Link>
  );
  return (
    <>
      <PageHeader title={t('title')} description={t('welcome', { name: user.displayName || user.username })} actions={launch} />
      {vms.total === 0 && engine.every((e) => e.vms.length === 0 && !e.problem) ? (
        <EmptyState icon={<Monitor className="size-10" aria-hidden />} title={t('emptyTitle')}>
          <p>{t('emptyBody')}</p>
        </EmptyState>
      ) : (
        vms.total > 0 && <MyVms initial={vms} />
      )}
      <EngineVms groups={engine} />
    </>
  );
}
