import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PackageOpen } from 'lucide-react';
import { LaunchForm } from '@/components/portal/launch-form';
import { PageHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { requireUser } from '@/lib/auth/guards';
import { launchChoices } from '@/lib/services/portal';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('portal.launch'))('title') };
}

export default async function LaunchPage() {
  const user = await requireUser();
  const t = await getTranslations('portal.launch');
  const choices = await launchChoices(user);
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {choices.catalog.length === 0 || choices.flavors.length === 0 ? (
        <EmptyState icon={<PackageOpen className="size-10" aria-hidden />} title={t('emptyTitle')}>
          <p>{t('emptyBody')}</p>
        </EmptyState>
      ) : (
        <LaunchForm
          items={choices.catalog.map((i) => ({ id: i.id, name: i.name, description: i.description, minDiskGiB: i.minDiskGiB, onVolume: i.sourceKind === 'volume' }))}
          flavors={choices.flavors.map((f) => ({ id: f.id, name: f.name, vcpus: f.vcpus, memoryMiB: f.memoryMiB, diskGiB: f.diskGiB }))}
          groups={choices.groups}
          userScope={choices.userScope}
          sshKeys={choices.sshKeys.map((k) => ({ id: k.id, name: k.name, fingerprint: k.fingerprint }))}
        />
      )}
    </>
  );
}
