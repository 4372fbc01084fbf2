import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { PortalVmPanel } from '@/components/portal/vm-panel';
import { AttachVolumePanel } from '@/components/volumes/attach-volume-panel';
import { portalVolumeAttachAction, portalVolumeDetachAction } from '@/lib/actions/portal-volumes';
import { myVolumesForVm } from '@/lib/services/portal-volumes';
import { PageHeader } from '@/components/ui/card';
import { requireUser } from '@/lib/auth/guards';
import type { Snapshot } from '@/lib/domain';
import { portalRouteId } from '@/lib/portal/route-id';
import { listFlavors } from '@/lib/services/portal-catalog';
import { vmAccess } from '@/lib/services/access';
import { quotaScopesFor, snapshotLimitFor } from '@/lib/services/ownership';
import { vmSnapshots, vmState } from '@/lib/services/vm-operations';
import { backendOf } from '@/lib/services/gateway';

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('portal.vm'))('pageTitle') };
}

// Another user's VM answers exactly like a VM that does not exist: 404.
export default async function PortalVmPage({ params }: Props) {
  const user = await requireUser();
  const t = await getTranslations('portal');
  const asked = portalRouteId((await params).id);
  if (!asked) notFound();
  // `id` is the backend's own spelling of the VM, whatever spelling the address used.
  const { allowed, ownership, vmId: id } = await vmAccess(user, asked);
  if (!allowed) notFound();
  const state = await vmState(id);
  if (!state.vm) notFound();
  const vm = state.vm;
  const [snapshots, flavors, scopes, snapshotLimit, myVolumes, serialConsole] = await Promise.all([
    vmSnapshots(id).catch((): Snapshot[] => []),
    listFlavors(),
    ownership ? quotaScopesFor(ownership.ownerId, ownership.groupId) : Promise.resolve([]),
    ownership ? snapshotLimitFor(ownership.ownerId, ownership.groupId) : Promise.resolve(null),
    // Only the user's own volumes (alone or through a group) are listed and offered.
    myVolumesForVm(user, id, vm.nativeId).catch((error: unknown) => ({
      attached: [],
      available: [],
      problems: [{ name: vm.name, message: error instanceof Error ? error.message : String(error) }],
    })),
    backendOf(id).then((b) => typeof b.openSerialConsole === 'function', () => false),
  ]);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/portal" className="text-brand-700 hover:underline dark:text-brand-400">
          {t('backToMyVms')}
        </Link>
      </p>
      <PageHeader title={vm.name} description={t('vm.summary', { vcpus: ownership?.vcpus ?? 0, memory: ownership?.memoryMiB ?? Math.round((vm.memoryBytes ?? 0) / 1024 ** 2), storage: ownership?.storageGiB ?? 0 })} />
      <PortalVmPanel
        vm={vm}
        snapshots={snapshots}
        flavors={flavors.map((f) => ({ id: f.id, name: f.name, vcpus: f.vcpus, memoryMiB: f.memoryMiB, diskGiB: f.diskGiB }))}
        allocation={ownership ? { vcpus: ownership.vcpus, memoryMiB: ownership.memoryMiB, flavorId: ownership.flavorId } : undefined}
        scopes={scopes}
        snapshotLimit={snapshotLimit?.limit ?? null}
        serialConsole={serialConsole}
      />
      <div className="mt-4">
        <AttachVolumePanel
          vm={{ id, name: vm.name, running: vm.status === 'running' }}
          volumes={myVolumes}
          attachAction={portalVolumeAttachAction}
          detachAction={portalVolumeDetachAction}
        />
      </div>
    </>
  );
}
