import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { AutoRefresh } from '@/components/detail/auto-refresh';
import { BackLink, DetailProblem } from '@/components/detail/detail';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { StatusBadge } from '@/components/ui/status-badge';
import { VmDetailTabs } from '@/components/vm/vm-detail';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { getVmDetails, listEventsAcross } from '@/lib/services/inventory';
import { parseVmTab } from '@/lib/validations/inventory';
import { ConsoleLink } from '@/components/console/console-link';
import { VmPowerControls } from '@/components/vm/vm-power-controls';
import { Card, PageHeader } from '@/components/ui/card';
import { OwnershipCard } from '@/components/portal/ownership-card';
import { AttachVolumePanel } from '@/components/volumes/attach-volume-panel';
import { attachVolumeAction, detachVolumeAction } from '@/lib/actions/volumes';
import { volumesOfVm } from '@/lib/services/volume-attachments';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('vms'))('detailTitle') };
}

export default async function VmPage({ params, searchParams }: Props) {
  await requireRole('admin');
  const t = await getTranslations('vms');
  const id = idParam((await params).id);
  const tab = parseVmTab((await searchParams).tab);
  const result = await readDetail(() => getVmDetails(id));
  if (!result.ok) {
    return (
      <>
        <PageHeader title={t('detailTitle')} />
        <DetailProblem error={result.error} backHref="/vms" backLabel={t('back')} />
      </>
    );
  }
  const { vm, connection, consoles, snapshots, snapshotsError } = result.value;
  const vmVolumes = await volumesOfVm(vm.id, vm.nativeId).catch((error: unknown) => ({
    attached: [],
    available: [],
    problems: [{ name: connection.name, message: error instanceof Error ? error.message : String(error) }],
  }));
  const events = tab === 'events' ? await listEventsAcross({ max: 1000, objectId: vm.id }, { connectionId: connection.id }) : undefined;
  return (
    <>
      <AutoRefresh />
      <BackLink href="/vms" label={t('back')} />
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {vm.name}
            <StatusBadge kind="vm" status={vm.status} native={vm.nativeStatus} />
            <ConnectionLabel name={connection.name} simulated={connection.simulated} showName />
          </span>
        }
        description={vm.description}
        actions={consoles && <ConsoleLink vmId={vm.id} status={vm.status} />}
      />
      {/* Power, run once and migrate, right under the name: followed live, so intermediate states show without a reload. */}
      <Card className="mb-4 p-4">
        <VmPowerControls vm={vm} />
      </Card>
      <div className="mb-4">
        <OwnershipCard subject={{ kind: 'vm', id: vm.id, name: vm.name, connectionId: connection.id }} />
      </div>
      {/* Cinder volumes on this VM: their own card (components/volumes), apart from the disks tab. */}
      <AttachVolumePanel
        vm={{ id: vm.id, name: vm.name, running: vm.status === 'running' }}
        volumes={vmVolumes}
        attachAction={attachVolumeAction}
        detachAction={detachVolumeAction}
      />
      <VmDetailTabs
        vm={vm}
        tab={tab}
        snapshots={snapshots}
        snapshotsError={snapshotsError}
        events={events?.items}
        eventFailures={events?.failures}
        locale={await getLocale()}
      />
    </>
  );
}
