import type { Cluster, DataCenter, Host } from '@/lib/domain';

/**
 * Whether a host can create a Managed Block Storage domain (oVirt's cinderlib integration): the
 * engine offers it from compatibility version 4.3 on (its ManagedBlockDomainSupported setting),
 * judged by the data center of the host's cluster (the cluster's own level when the data center
 * does not say). Answers the i18n key of the reason when it cannot, null when it can.
 */
export const MANAGED_BLOCK_MIN_VERSION = '4.3';

function atLeast(version: string | undefined, min: string): boolean | undefined {
  const parse = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10));
  if (!version) return undefined;
  const [major = 0, minor = 0] = parse(version);
  const [wantMajor = 0, wantMinor = 0] = parse(min);
  if (Number.isNaN(major) || Number.isNaN(minor)) return undefined;
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

export type ManagedBlockRefusal = { key: 'storageActions.managedBlock.versionTooOld'; values: { version: string; min: string } } | { key: 'storageActions.managedBlock.versionUnknown'; values: { min: string } };

export function managedBlockRefusal(host: Pick<Host, 'cluster'>, clusters: Cluster[], dataCenters: DataCenter[]): ManagedBlockRefusal | null {
  const cluster = clusters.find((c) => c.id === host.cluster?.id);
  const dc = dataCenters.find((d) => d.id === cluster?.dataCenter?.id);
  return versionRefusal(dc?.version ?? cluster?.version);
}

/** The same judgement for attaching a managed block domain to a data center. */
export function dataCenterManagedBlockRefusal(dc: Pick<DataCenter, 'version'>): ManagedBlockRefusal | null {
  return versionRefusal(dc.version);
}

function versionRefusal(version: string | undefined): ManagedBlockRefusal | null {
  const ok = atLeast(version, MANAGED_BLOCK_MIN_VERSION);
  if (ok === undefined) return { key: 'storageActions.managedBlock.versionUnknown', values: { min: MANAGED_BLOCK_MIN_VERSION } };
  return ok ? null : { key: 'storageActions.managedBlock.versionTooOld', values: { version: version!, min: MANAGED_BLOCK_MIN_VERSION } };
}
