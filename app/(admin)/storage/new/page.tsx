import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NoBackendYet } from '@/components/shell/no-backend';
import { Card, PageHeader } from '@/components/ui/card';
import { StorageDomainForm } from '@/components/storage/domain-form';
import { requireRole } from '@/lib/auth/guards';
import { listGlusterVolumes } from '@/lib/services/gluster';
import { infraChoices } from '@/lib/services/infra-operations';
import { managedBlockRefusal } from '@/lib/services/managed-block';
import { createStorageDomainAction, discoverIscsiAction, hostLunsAction, loginIscsiAction } from '@/lib/actions/storage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('storageActions'))('newTitle') };
}

export default async function NewStorageDomainPage() {
  await requireRole('admin');
  const t = await getTranslations('storageActions');
  const [choices, gluster] = await Promise.all([infraChoices('createStorageDomain'), listGlusterVolumes().catch(() => ({ rows: [] }))]);
  // Started volumes only: a GlusterFS domain mounts the volume through one of its bricks' hosts.
  const glusterVolumes = gluster.rows
    .filter((r) => r.volume.status === 'up' && r.volume.bricks?.[0]?.host.name)
    .map((r) => ({ id: r.volume.id, label: `${r.volume.name} · ${r.cluster.name} (${r.connection.name})`, server: r.volume.bricks![0]!.host.name!, volume: r.volume.name }));
  const names = new Map(choices.connections.map((c) => [c.id, c.name]));
  // The engine connects to the storage through a host that is up.
  const hosts = choices.hosts
    .filter((h) => h.status === 'up')
    .map((h) => ({
      id: h.id,
      name: h.name,
      connectionName: names.get(h.connectionId) ?? h.connectionId,
      managedBlock: managedBlockRefusal(h, choices.clusters, choices.dataCenters),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('newDescription')} />
      {choices.connections.length === 0 ? (
        <NoBackendYet />
      ) : hosts.length === 0 ? (
        <Card className="max-w-2xl p-6 text-sm">{t('noHost')}</Card>
      ) : (
        <Card className="max-w-2xl p-6">
          <StorageDomainForm
            createAction={createStorageDomainAction}
            discoverAction={discoverIscsiAction}
            loginAction={loginIscsiAction}
            lunsAction={hostLunsAction}
            hosts={hosts}
            glusterVolumes={glusterVolumes}
          />
        </Card>
      )}
    </>
  );
}
