import type { Cluster, Disk, Host, StorageDomain, Template } from '@/lib/domain';
import type { IsoFile, VmCreateFeatures, VmCreateSpec, VnicProfile } from '@/lib/backends/types';
import type { VmCreateInput } from '@/lib/validations/vm';

/**
 * The create wizard's pure half: what its input becomes for the backend and
 * the checks made before submit. No `server-only`: the wizard runs the same
 * checks in the browser (before submit) as the service does on the server
 * (with fresh numbers), so both refuse with the same words.
 */

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** Why the Cinder volume source is not offered: no Cinder connection, or the compute backend cannot attach its volumes. */
export type VolumeSourceState = { available: true } | { available: false; reason: 'noCinder' | 'cannotAttach' };

/** What a VM can boot from when the source is a block storage volume (only read when that source is available). */
export interface BootChoices {
  /** Volume connections whose volumes attach to VMs (a new volume from an image is made on one). */
  connections: Array<{ id: string; name: string }>;
  /** Bootable volumes, available and attached nowhere. */
  volumes: Array<{ id: string; name: string; sizeGiB: number; connectionName: string }>;
  /** Active images of each connection's image service. */
  images: Array<{ id: string; name: string; sizeBytes?: number; connectionId: string }>;
}

export interface WizardChoices {
  connectionId: string;
  connectionName: string;
  features: VmCreateFeatures;
  clusters: Cluster[];
  hosts: Host[];
  /** Empty when the backend has no templates (features.templates false). */
  templates: Template[];
  /** Volumes a new disk can overlay (features.baseImages): data volumes no VM uses. */
  baseImages: Disk[];
  storageDomains: StorageDomain[];
  /** Active managed block storage domains (Cinder volumes): a VM's new disk may go there, not the wizard's. */
  managedBlockDomains?: StorageDomain[];
  isoFiles: IsoFile[];
  vnicProfiles: VnicProfile[];
  volumeSource: VolumeSourceState;
  bootChoices?: BootChoices;
}

/** What the wizard's input becomes for the backend. */
export function createSpecOf(input: VmCreateInput): VmCreateSpec {
  const spec: VmCreateSpec = {
    name: input.name,
    description: input.description,
    clusterId: input.clusterId,
    hostId: input.hostId,
    cpu: { sockets: input.sockets, cores: input.cores, threads: input.threads },
    memoryBytes: input.memoryMiB * MiB,
    // Sent when off too: a template's own HA setting must not come back unasked (backends without HA accept "off").
    highAvailability: { enabled: input.haEnabled, priority: input.haPriority },
  };
  if (input.console) spec.console = input.console;
  if (input.source === 'volume') {
    // The volume is the only disk (lib/services/boot-from-volume.ts); the NICs are the wizard's.
    spec.nics = input.nics.map((n) => ({ name: n.name, vnicProfileId: n.vnicProfileId, interface: n.interface }));
  } else if (input.source === 'template') {
    // The template brings its disks and NICs; cloneDisks=false keeps them thin copy-on-write inside the storage.
    spec.templateId = input.templateId;
    spec.cloneTemplateDisks = input.cloneDisks;
  } else {
    if (input.source === 'image') {
      spec.baseImageId = input.baseImageId;
      spec.cloneTemplateDisks = input.cloneDisks;
      if (input.bootDiskGiB) spec.bootDiskSizeBytes = input.bootDiskGiB * GiB;
    }
    spec.disks = input.disks.map((d, i) => ({
      sizeBytes: d.sizeGiB * GiB,
      storageDomainId: d.storageDomainId,
      thin: d.thin,
      interface: d.interface,
      // From a base image, the overlay is the boot disk.
      bootable: input.source === 'blank' && i === 0,
    }));
    spec.nics = input.nics.map((n) => ({ name: n.name, vnicProfileId: n.vnicProfileId, interface: n.interface }));
    spec.isoFileId = input.isoFileId;
  }
  if (input.cloudInit) {
    spec.cloudInit = {
      hostname: input.ciHostname,
      username: input.ciUser,
      password: input.ciPassword,
      sshAuthorizedKeys: input.ciSshKey,
      timezone: input.ciTimezone,
    };
  }
  return spec;
}

/** An i18n key and values saying why the request cannot be made, or null when it can. */
export interface CapacityProblem {
  key: string;
  values: Record<string, string | number>;
}

/** Parts of the input the backend would refuse: asked for in words before the request, not after. */
export function unsupportedProblem(input: VmCreateInput, features: VmCreateFeatures): CapacityProblem | null {
  if (input.source === 'template' && !features.templates) return { key: 'vmWizard.unsupported.templates', values: {} };
  if (input.source === 'image' && !features.baseImages) return { key: 'vmWizard.unsupported.baseImages', values: {} };
  if (input.source === 'volume' && !features.attachVolumes) return { key: 'vmWizard.unsupported.volume', values: {} };
  if (input.source === 'volume' && input.cloudInit) return { key: 'vmWizard.unsupported.cloudInitOnVolume', values: {} };
  if (input.cloudInit && !features.cloudInit) return { key: 'vmWizard.unsupported.cloudInit', values: {} };
  if (input.haEnabled && !features.highAvailability) return { key: 'vmWizard.unsupported.highAvailability', values: {} };
  if (input.console && !features.consoles.includes(input.console)) return { key: 'vmWizard.unsupported.console', values: { console: input.console.toUpperCase() } };
  return null;
}

/**
 * The same checks the wizard shows before submit, repeated on the server with
 * fresh data: memory that no host of the cluster (or the chosen host) can give,
 * preallocated disks larger than their storage domain's free space.
 */
export function capacityProblem(input: VmCreateInput, choices: Pick<WizardChoices, 'hosts' | 'storageDomains' | 'clusters'>): CapacityProblem | null {
  const memory = input.memoryMiB * MiB;
  const cluster = choices.clusters.find((c) => c.id === input.clusterId);
  if (!cluster) return { key: 'vmWizard.capacity.clusterGone', values: {} };
  const inCluster = choices.hosts.filter((h) => h.cluster?.id === input.clusterId);
  if (input.hostId) {
    const host = inCluster.find((h) => h.id === input.hostId);
    if (!host) return { key: 'vmWizard.capacity.hostNotInCluster', values: { cluster: cluster.name } };
    const free = host.maxSchedulingMemoryBytes ?? host.memoryBytes;
    if (free !== undefined && free < memory) {
      return { key: 'vmWizard.capacity.hostMemory', values: { host: host.name, free: Math.floor(free / MiB), wanted: input.memoryMiB } };
    }
  } else {
    const up = inCluster.filter((h) => h.status === 'up');
    const pool = up.length ? up : inCluster;
    const best = Math.max(0, ...pool.map((h) => h.maxSchedulingMemoryBytes ?? h.memoryBytes ?? 0));
    if (pool.length && best < memory) {
      return { key: 'vmWizard.capacity.clusterMemory', values: { cluster: cluster.name, free: Math.floor(best / MiB), wanted: input.memoryMiB } };
    }
  }
  if (input.source !== 'template' && input.source !== 'volume') {
    const need = new Map<string, number>();
    for (const d of input.disks) if (!d.thin) need.set(d.storageDomainId, (need.get(d.storageDomainId) ?? 0) + d.sizeGiB * GiB);
    for (const d of input.disks) {
      const sd = choices.storageDomains.find((s) => s.id === d.storageDomainId);
      if (!sd) return { key: 'vmWizard.capacity.domainUnavailable', values: {} };
      if (cluster.dataCenter && sd.dataCenter && sd.dataCenter.id !== cluster.dataCenter.id) {
        return { key: 'vmWizard.capacity.domainOtherDc', values: { domain: sd.name, cluster: cluster.name } };
      }
      const wanted = need.get(sd.id) ?? 0;
      if (sd.availableBytes !== undefined && wanted > sd.availableBytes) {
        return { key: 'vmWizard.capacity.domainSpace', values: { domain: sd.name, free: Math.floor(sd.availableBytes / GiB), wanted: Math.ceil(wanted / GiB) } };
      }
    }
  }
  return null;
}
