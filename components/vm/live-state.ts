'use client';

import { useQueryClient } from '@tanstack/react-query';
import { FAST_MS, usePoll } from '@/lib/query/poll';
import type { Host, Snapshot, Template, Vm, VmStatus } from '@/lib/domain';
import { VM_TRANSIENT_STATUSES } from '@/lib/domain/status';
import type { SnapshotOperations, WizardChoices } from '@/lib/services/vm-operations';

/**
 * Polling of /api/vm-ops/state through the one poller (lib/query/poll.ts): fast while an object is
 * changing by itself (powering_up, migrating, preparing_for_maintenance, image_locked…), slow
 * otherwise. A failed read shows as an error, never as an endless spinner.
 */
const stateUrl = (query: Record<string, string>) => `/api/vm-ops/state?${new URLSearchParams(query)}`;

export function isVmBusy(status: VmStatus | undefined): boolean {
  return status !== undefined && VM_TRANSIENT_STATUSES.includes(status);
}

const HOST_BUSY = new Set(['preparing_for_maintenance', 'connecting', 'reboot', 'initializing', 'installing', 'activating', 'unassigned']);

export function useVmState(id: string, initial?: Vm) {
  return usePoll<{ exists: boolean; vm?: Vm }>({
    key: ['vm-ops', 'vm', id],
    url: stateUrl({ vm: id }),
    initial: initial ? { exists: true, vm: initial } : undefined,
    busy: (data) => isVmBusy(data?.vm?.status),
  });
}

export function useVmByName(connectionId: string, name: string | undefined) {
  return usePoll<{ exists: boolean; vm?: Vm }>({
    key: ['vm-ops', 'vm-by-name', connectionId, name],
    url: stateUrl({ connection: connectionId, name: name ?? '' }),
    enabled: !!name,
    everyMs: FAST_MS,
  });
}

export function useHostState(id: string, initial?: Host) {
  return usePoll<{ exists: boolean; host?: Host }>({
    key: ['vm-ops', 'host', id],
    url: stateUrl({ host: id }),
    initial: initial ? { exists: true, host: initial } : undefined,
    busy: (data) => HOST_BUSY.has(data?.host?.nativeStatus ?? '') || data?.host?.status === 'transitioning',
  });
}

export function useTemplateState(id: string, initial?: Template) {
  return usePoll<{ exists: boolean; template?: Template }>({
    key: ['vm-ops', 'template', id],
    url: stateUrl({ template: id }),
    initial: initial ? { exists: true, template: initial } : undefined,
    busy: (data) => data?.template?.status === 'locked',
  });
}

export function useSnapshots(vmId: string, initial?: Snapshot[]) {
  return usePoll<{ snapshots: Snapshot[]; ops?: SnapshotOperations }>({
    key: ['vm-ops', 'snapshots', vmId],
    url: stateUrl({ snapshotsOf: vmId }),
    initial: initial ? { snapshots: initial } : undefined,
    busy: (data) => !!data?.snapshots.some((s) => s.status === 'locked'),
  });
}

export function useChoices(connectionId: string, enabled = true) {
  return usePoll<WizardChoices>({ key: ['vm-ops', 'choices', connectionId], url: stateUrl({ choices: connectionId }), enabled, everyMs: false, staleTime: 30_000 });
}

/** Hosts of other connections in the VM's cluster group, and whether the backend can choose one itself. */
export function useMigrationTargets(vmId: string, enabled: boolean) {
  return usePoll<{ scheduler: boolean; peers: { id: string; name: string; connectionName: string }[] }>({
    key: ['vm-ops', 'migration-targets', vmId],
    url: stateUrl({ migrationTargetsOf: vmId }),
    enabled,
    everyMs: false,
    staleTime: 30_000,
  });
}

/** After an action: poll now rather than at the next tick, here and in every list that shows these objects. */
export function useRefreshAfterAction() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries();
  };
}
