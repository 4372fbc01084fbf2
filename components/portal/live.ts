'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { usePoll } from '@/lib/query/poll';
import type { Snapshot, Vm } from '@/lib/domain';
import { VM_TRANSIENT_STATUSES } from '@/lib/domain/status';
import type { MyVmRow } from '@/lib/services/portal';

/** Polling of /api/portal/vms (the caller's own VMs only) through the one poller: fast while a VM changes by itself. */
const url = (query: Record<string, string>) => `/api/portal/vms?${new URLSearchParams(query)}`;
const busy = (vm?: Vm) => !!vm && VM_TRANSIENT_STATUSES.includes(vm.status);

export interface MyVmsPage {
  items: MyVmRow[];
  total: number;
  page: number;
  pageSize: number;
}

export function useMyVms(page: number, initial: MyVmsPage) {
  return usePoll<MyVmsPage>({ key: ['portal', 'vms', page], url: url({ page: String(page) }), initial, busy: (data) => !!data?.items.some((r) => busy(r.vm)) });
}

export function useMyVm(id: string, initial?: Vm) {
  return usePoll<{ exists: boolean; vm?: Vm }>({
    key: ['portal', 'vm', id],
    url: url({ vm: id }),
    initial: initial ? { exists: true, vm: initial } : undefined,
    busy: (data) => busy(data?.vm),
  });
}

export function useMySnapshots(vmId: string, initial: Snapshot[]) {
  const query = usePoll<{ snapshots: Snapshot[] }>({
    key: ['portal', 'snapshots', vmId],
    url: url({ snapshotsOf: vmId }),
    initial: { snapshots: initial },
    busy: (data) => !!data?.snapshots.some((s) => s.status === 'locked'),
  });
  return { data: query.data.snapshots };
}

/** After an action: read again at once instead of waiting for the next tick. */
export function useRefreshPortal() {
  const client = useQueryClient();
  return useCallback(() => void client.invalidateQueries({ queryKey: ['portal'] }), [client]);
}
