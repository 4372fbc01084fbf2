import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { StatusBadge } from '@/components/ui/status-badge';
import { VmDetailTabs } from '@/components/vm/vm-detail';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { getVmDetails, listEventsAcross } from '@/lib/services/inventory';
import { vmOperationSupport } from '@/lib/services/vm-operations';
import { parseVmTab } from '@/lib/validations/inventory';
import { ConsoleLink } from '@/components/console/console-link';
import { SerialConsoleLink } from '@/components/console/serial-console-link';
import { VmPowerControls } from '@/components/vm/vm-power-controls';
import { Card } from '@/components/ui/card';
import { OwnershipCard } from '@/components/portal/ownership-card';
import { AttachVolumePanel } from '@/components/volumes/attach-volume-panel';
import { attachVolumeAction, detachVolumeAction } from '@/lib/actions/volumes';
import { volumesOfVm } from '@/lib/services/volume-attachments';
import { DetailShell, DetailUnavailable } from '@/components/detail/detail-shell';

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
  if (!result.ok) return <DetailUnavailable title={t('detailTitle')} error={result.error} back={{ href: '/vms', label: t('back') }} />;
  const { vm, connection, consoles, serialConsole, serialConsoleRefusal, snapshots, snapshotsError } = result.value;
  const [vmVolumes, support] = await Promise.all([
    volumesOfVm(vm.id, vm.nativeId).catch((error: unknown) => ({
      attached: [],
      available: [],
      problems: [{ name: connection.name, message: error instanceof Error ? error.message : String(error) }],
    })),
    vmOperationSupport(connection.id),
  ]);
  const events = tab === 'events' ? await listEventsAcross({ max: 1000, objectId: vm.id }, { connectionId: connection.id }) : undefined;
  return (
    <DetailShell
      back={{ href: '/vms', label: t('back') }}
      refresh
      title={vm.name}
      status={<StatusBadge kind="vm" status={vm.status} native={vm.nativeStatus} />}
      connection={connection}
      description={vm.description}
      actions={
        <>
          {consoles && <ConsoleLink vmId={vm.id} status={vm.status} />}
          <SerialConsoleLink vmId={vm.id} status={vm.status} offered={serialConsole} refusal={serialConsoleRefusal} />
        </>
      }
      gap="tight"
    >
      {/* Power, run once and migrate, right under the name: followed live, so intermediate states show without a reload. */}
      <Card className="p-4">
        <VmPowerControls vm={vm} canCancelMigration={support.cancelMigration} />
      </Card>
      <OwnershipCard subject={{ kind: 'vm', id: vm.id, name: vm.name, connectionId: connection.id }} />
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
        canClone={support.clone}
      />
    </DetailShell>
  );
}
