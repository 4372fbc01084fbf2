'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ClientError } from '@/lib/backends/errors';
import type { Snapshot, Vm } from '@/lib/domain';
import { VM_TRANSIENT_STATUSES } from '@/lib/domain/status';
import type { MyVmRow } from '@/lib/services/portal';

/** Polling of /api/portal/vms (the caller's own VMs only): every second while a VM changes by itself, else every 5 s. */

export class PortalStateError extends Error {
  constructor(readonly client: ClientError) {
    super(client.message);
  }
}

async function get<T>(query: Record<string, string>, signal: AbortSignal): Promise<T> {
  const res = await fetch(`/api/portal/vms?${new URLSearchParams(query)}`, { signal, cache: 'no-store' });
  const body = (await res.json().catch(() => ({}))) as { error?: ClientError };
  if (!res.ok) throw new PortalStateError(body.error ?? { code: 'backend_error', message: String(res.status) });
  return body as T;
}

const busy = (vm?: Vm) => !!vm && VM_TRANSIENT_STATUSES.includes(vm.status);
const interval = (fast: boolean) => (fast ? 1_000 : 5_000);

export interface MyVmsPage {
  items: MyVmRow[];
  total: number;
  page: number;
  pageSize: number;
}

export function useMyVms(page: number, initial: MyVmsPage) {
  return useQuery({
    queryKey: ['portal', 'vms', page],
    queryFn: ({ signal }) => get<MyVmsPage>({ page: String(page) }, signal),
    initialData: initial,
    initialDataUpdatedAt: 0,
    refetchInterval: (q) => interval(!!q.state.data?.items.some((r) => busy(r.vm))),
  });
}

export function useMyVm(id: string, initial?: Vm) {
  return useQuery({
    queryKey: ['portal', 'vm', id],
    queryFn: ({ signal }) => get<{ exists: boolean; vm?: Vm }>({ vm: id }, signal),
    initialData: initial ? { exists: true, vm: initial } : undefined,
    initialDataUpdatedAt: 0,
    refetchInterval: (q) => interval(busy(q.state.data?.vm)),
  });
}

export function useMySnapshots(vmId: string, initial: Snapshot[]) {
  return useQuery({
    queryKey: ['portal', 'snapshots', vmId],
    queryFn: ({ signal }) => get<{ snapshots: Snapshot[] }>({ snapshotsOf: vmId }, signal).then((b) => b.snapshots),
    initialData: initial,
    initialDataUpdatedAt: 0,
    refetchInterval: (q) => interval(!!q.state.data?.some((s) => s.status === 'locked')),
  });
}

/** After an action: read again at once instead of waiting for the next tick. */
export function useRefreshPortal() {
  const client = useQueryClient();
  return useCallback(() => void client.invalidateQueries({ queryKey: ['portal'] }), [client]);
}
