import 'server-only';
import type { Cluster, QualifiedId, Ref, StorageDomain, VmSettings, VmSettingsState } from '@/lib/domain';
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
  /** Where the VM's lease may live: the active data domains of its data center. */
  leaseDomains: Ref[];
  running: boolean;
}

const ALL = { page: 1, pageSize: 500 } as const;

function named(settings: VmSettings, hosts: Ref[]): VmSettings {
  if (!settings.placement) return settings;
  const nameOf = (id: string) => hosts.find((h) => h.id === id)?.name;
  return { ...settings, placement: { ...settings.placement, hosts: settings.placement.hosts.map((h) => ({ id: h.id, name: h.name ?? nameOf(h.id) })) } };
}

/**
 * The storage domains a VM's lease may live on, as the engine checks them: active data domains of
 * the VM's data center. Without a data center known, none: the engine would refuse every one.
 */
export function leaseDomainsFor(clusterId: string | undefined, clusters: Pick<Cluster, 'id' | 'dataCenter'>[], domains: Pick<StorageDomain, 'id' | 'name' | 'kind' | 'status' | 'dataCenter'>[]): Ref[] {
  const dcId = clusters.find((c) => c.id === clusterId)?.dataCenter?.id;
  if (!dcId) return [];
  return domains
    .filter((d) => d.kind === 'data' && d.status === 'active' && d.dataCenter?.id === dcId)
    .map((d) => ({ id: d.id, name: d.name }))
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
}

/** The lease's domain with its name, when the choices know it. */
function namedLease(settings: VmSettings, domains: Ref[]): VmSettings {
  if (!settings.lease) return settings;
  const name = settings.lease.name ?? domains.find((d) => d.id === settings.lease!.id)?.name;
  return { ...settings, lease: { id: settings.lease.id, ...(name ? { name } : {}) } };
}

export async function vmSettingsView(vmId: QualifiedId, signal?: AbortSignal): Promise<VmSettingsView> {
  const backend = await backendOf(vmId);
  const vm = await getVmFresh(vmId, signal);
  const running = vm.status === 'running' || vm.status === 'paused' || vm.status === 'migrating';
  if (!can(backend, 'getVmSettings') || !can(backend, 'updateVmSettings') || !backend.vmSettingsFeatures) {
    return { backendKind: backend.kind, hosts: [], leaseDomains: [], running };
  }
  const features = backend.vmSettingsFeatures;
  const [state, hostPage, choices] = await Promise.all([
    read(backend.id, cacheKey('vms', 'settings', vmId), CACHE_TTL_MS.object, (s) => operation(backend, 'getVmSettings')(vmId, { signal: s }), { signal }),
    features.applies.placement && hasCapability(backend, 'hosts')
      ? read(backend.id, cacheKey('hosts', 'wizard'), CACHE_TTL_MS.list, (s) => backend.listHosts(ALL, { signal: s }), { signal })
      : undefined,
    features.applies.lease && hasCapability(backend, 'clusters') && hasCapability(backend, 'storageDomains')
      ? Promise.all([
          // The create wizard's reads (same keys): clusters say the data center, domains theirs.
          read(backend.id, cacheKey('clusters', 'wizard'), CACHE_TTL_MS.slow, (s) => backend.listClusters(ALL, { signal: s }), { signal }),
          read(backend.id, cacheKey('storagedomains', 'wizard'), CACHE_TTL_MS.list, (s) => backend.listStorageDomains(ALL, { signal: s }), { signal }),
        ])
      : undefined,
  ]);
  const [clusters, domains] = choices ?? [undefined, undefined];
  const leaseDomains = clusters && domains ? leaseDomainsFor(vm.cluster?.id, clusters.items, domains.items) : [];
  // Named from every domain: the lease may sit on one no longer offered (in maintenance).
  const shown = (s: VmSettings) => namedLease(named(s, hosts), (domains?.items ?? []).map((d) => ({ id: d.id, name: d.name })));
  const hosts: Ref[] = (hostPage?.items ?? []).filter((h) => !vm.cluster || h.cluster?.id === vm.cluster.id).map((h) => ({ id: h.id, name: h.name }));
  return {
    backendKind: backend.kind,
    features,
    state: { current: shown(state.current), ...(state.nextStart ? { nextStart: shown(state.nextStart) } : {}) },
    hosts,
    leaseDomains,
    running,
  };
}

export async function changeVmSettings(vmId: QualifiedId, patch: VmSettingsPatch): Promise<VmSettingsResult> {
  const backend = await backendOf(vmId);
  const update = operation(backend, 'updateVmSettings');
  return mutate(backend.id, ['vms', 'tasks', 'events'], () => update(vmId, patch));
}
