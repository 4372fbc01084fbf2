import 'server-only';
import type { QualifiedId, Ref, VmSettings, VmSettingsState } from '@/lib/domain';
import { hasCapability } from '@/lib/backends/capabilities';
import type { Backend } from '@/lib/backends/types';
import type { VmSettingsFeatures, VmSettingsPatch, VmSettingsResult } from '@/lib/backends/vm-settings-types';
import { CACHE_TTL_MS } from './backend-cache';
import { backendOf, can, cacheKey, mutate, operation, read } from './gateway';
import { getVmFresh } from './vm-operations';

/**
 * A VM's boot order, HA, console type, placement and autostart (issue 19 point 4): what the
 * backend can change and when (features), what the VM has now and at its next start, and the hosts
 * it may be pinned to. Role checks and audit entries are in the server action (lib/actions/vm-settings.ts).
 */

export interface VmSettingsView {
  backendKind: Backend['kind'];
  /** Absent: this backend changes none of these settings. */
  features?: VmSettingsFeatures;
  state?: VmSettingsState;
  /** The hosts of the VM's cluster (placement), with names. */
  hosts: Ref[];
  running: boolean;
}

const ALL = { page: 1, pageSize: 500 } as const;

function named(settings: VmSettings, hosts: Ref[]): VmSettings {
  if (!settings.placement) return settings;
  const nameOf = (id: string) => hosts.find((h) => h.id === id)?.name;
  return { ...settings, placement: { ...settings.placement, hosts: settings.placement.hosts.map((h) => ({ id: h.id, name: h.name ?? nameOf(h.id) })) } };
}

export async function vmSettingsView(vmId: QualifiedId, signal?: AbortSignal): Promise<VmSettingsView> {
  const backend = await backendOf(vmId);
  const vm = await getVmFresh(vmId, signal);
  const running = vm.status === 'running' || vm.status === 'paused' || vm.status === 'migrating';
  if (!can(backend, 'getVmSettings') || !can(backend, 'updateVmSettings') || !backend.vmSettingsFeatures) {
    return { backendKind: backend.kind, hosts: [], running };
  }
  const features = backend.vmSettingsFeatures;
  const [state, hostPage] = await Promise.all([
    read(backend.id, cacheKey('vms', 'settings', vmId), CACHE_TTL_MS.object, (s) => operation(backend, 'getVmSettings')(vmId, { signal: s }), { signal }),
    features.applies.placement && hasCapability(backend, 'hosts')
      ? read(backend.id, cacheKey('hosts', 'wizard'), CACHE_TTL_MS.list, (s) => backend.listHosts(ALL, { signal: s }), { signal })
      : undefined,
  ]);
  const hosts: Ref[] = (hostPage?.items ?? []).filter((h) => !vm.cluster || h.cluster?.id === vm.cluster.id).map((h) => ({ id: h.id, name: h.name }));
  return {
    backendKind: backend.kind,
    features,
    state: { current: named(state.current, hosts), ...(state.nextStart ? { nextStart: named(state.nextStart, hosts) } : {}) },
    hosts,
    running,
  };
}

export async function changeVmSettings(vmId: QualifiedId, patch: VmSettingsPatch): Promise<VmSettingsResult> {
  const backend = await backendOf(vmId);
  const update = operation(backend, 'updateVmSettings');
  return mutate(backend.id, ['vms', 'tasks', 'events'], () => update(vmId, patch));
}
