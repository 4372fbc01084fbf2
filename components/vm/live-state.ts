'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClientError } from '@/lib/backends/errors';
import type { Host, Snapshot, Template, Vm, VmStatus } from '@/lib/domain';
import { VM_TRANSIENT_STATUSES } from '@/lib/domain/status';
import type { SnapshotOperations, WizardChoices } from '@/lib/services/vm-operations';

/**
 * Polling of /api/vm-ops/state: fast (1 s) while an object is changing by
 * itself (powering_up, migrating, preparing_for_maintenance, image_locked…),
 * slow otherwise. A failed read shows as an error, never as an endless spinner.
 */

export class StateError extends Error {
  constructor(readonly client: ClientError) {
    super(client.message);
  }
}

async function getState<T>(query: Record<string, string>, signal: AbortSignal): Promise<T> {
  const res = await fetch(`/api/vm-ops/state?${new URLSearchParams(query)}`, { signal, cache: 'no-store' });
  const body = (await res.json().catch(() => ({}))) as { error?: ClientError | string };
  if (!res.ok) {
    const error = typeof body.error === 'object' ? body.error : { code: 'backend_error' as const, message: String(body.error ?? res.status) };
    throw new StateError(error);
  }
  return body as T;
}

const FAST_MS = 1_000;
const SLOW_MS = 5_000;

export function isVmBusy(status: VmStatus | undefined): boolean {
  return status !== undefined && VM_TRANSIENT_STATUSES.includes(status);
}

const HOST_BUSY = new Set(['preparing_for_maintenance', 'connecting', 'reboot', 'initializing', 'installing', 'activating', 'unassigned']);

export function useVmState(id: string, initial?: Vm) {
  return useQuery({
    queryKey: ['vm-ops', 'vm', id],
    queryFn: ({ signal }) => getState<{ exists: boolean; vm?: Vm }>({ vm: id }, signal),
    initialData: initial ? { exists: true, vm: initial } : undefined,
    initialDataUpdatedAt: 0,
    refetchInterval: (q) => (isVmBusy(q.state.data?.vm?.status) ? FAST_MS : SLOW_MS),
  });
}

export function useVmByName(connectionId: string, name: string | undefined) {
  return useQuery({
    queryKey: ['vm-ops', 'vm-by-name', connectionId, name],
    queryFn: ({ signal }) => getState<{ exists: boolean; vm?: Vm }>({ connection: connectionId, name: name! }, signal),
    enabled: !!name,
    refetchInterval: FAST_MS,
  });
}

export function useHostState(id: string, initial?: Host) {
  return useQuery({
    queryKey: ['vm-ops', 'host', id],
    queryFn: ({ signal }) => getState<{ exists: boolean; host?: Host }>({ host: id }, signal),
    initialData: initial ? { exists: true, host: initial } : undefined,
    initialDataUpdatedAt: 0,
    refetchInterval: (q) => (HOST_BUSY.has(q.state.data?.host?.nativeStatus ?? '') || q.state.data?.host?.status === 'transitioning' ? FAST_MS : SLOW_MS),
  });
}

export function useTemplateState(id: string, initial?: Template) {
  return useQuery({
    queryKey: ['vm-ops', 'template', id],
    queryFn: ({ signal }) => getState<{ exists: boolean; template?: Template }>({ template: id }, signal),
    initialData: initial ? { exists: true, template: initial } : undefined,
    initialDataUpdatedAt: 0,
    refetchInterval: (q) => (q.state.data?.template?.status === 'locked' ? FAST_MS : SLOW_MS),
  });
}

export function useSnapshots(vmId: string, initial?: Snapshot[]) {
  return useQuery({
    queryKey: ['vm-ops', 'snapshots', vmId],
    queryFn: ({ signal }) => getState<{ snapshots: Snapshot[]; ops?: SnapshotOperations }>({ snapshotsOf: vmId }, signal),
    initialData: initial ? { snapshots: initial } : undefined,
    initialDataUpdatedAt: 0,
    refetchInterval: (q) => (q.state.data?.snapshots.some((s) => s.status === 'locked') ? FAST_MS : SLOW_MS),
  });
}

export function useChoices(connectionId: string, enabled = true) {
  return useQuery({
    queryKey: ['vm-ops', 'choices', connectionId],
    queryFn: ({ signal }) => getState<WizardChoices>({ choices: connectionId }, signal),
    enabled,
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
