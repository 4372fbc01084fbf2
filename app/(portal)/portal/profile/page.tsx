import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { SshKeysSection } from '@/components/portal/ssh-keys';
import { requireUser } from '@/lib/auth/guards';
import { listSshKeys } from '@/lib/services/ssh-keys';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('sshKeys'))('pageTitle') };
}

/** The user's profile: their SSH public keys, offered at launch and injected with cloud-init. */
export default async function ProfilePage() {
  const user = await requireUser();
  const t = await getTranslations('sshKeys');
  const keys = await listSshKeys(user.id);
  return (
    <>
      <PageHeader title={t('pageTitle')} description={t('pageDescription')} />
      <SshKeysSection keys={keys} />
    </>
  );
}
