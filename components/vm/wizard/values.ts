import type { WizardChoices } from '@/lib/services/vm-create';
import type { VmSource } from '@/lib/validations/vm';

/**
 * The wizard's form state, as typed (strings, so a half-typed number stays on
 * screen), and what it sends: exactly the fields vmCreateSchema reads, with
 * the disk and NIC rows as one JSON field each.
 */

export interface DiskRow {
  key: number;
  sizeGiB: string;
  storageDomainId: string;
  thin: boolean;
  interface: string;
}

export interface NicRow {
  key: number;
  name: string;
  vnicProfileId: string;
  interface: string;
}

export interface WizardValues {
  connectionId: string;
  name: string;
  description: string;
  source: VmSource;
  templateId: string;
  baseImageId: string;
  /** Source "volume": an existing bootable volume, or (empty) a new one from bootImageId on volumeConnectionId. */
  bootVolumeId: string;
  bootImageId: string;
  volumeConnectionId: string;
  bootVolumeGiB: string;
  cloneDisks: boolean;
  isoFileId: string;
  clusterId: string;
  hostId: string;
  sockets: string;
  cores: string;
  threads: string;
  memoryMiB: string;
  disks: DiskRow[];
  nics: NicRow[];
  haEnabled: boolean;
  haPriority: string;
  console: string;
  cloudInit: boolean;
  ciHostname: string;
  ciUser: string;
  ciPassword: string;
  ciSshKey: string;
  ciTimezone: string;
}

const MiB = 1024 ** 2;
let rowKey = 0;
export const nextRowKey = () => ++rowKey;

/** Storage domains, vNIC profiles and ISO files a VM of this cluster can use (those of its data center). */
export function inDataCenterOf<T extends { dataCenter?: { id: string } }>(items: T[], choices: WizardChoices, clusterId: string): T[] {
  const dc = choices.clusters.find((c) => c.id === clusterId)?.dataCenter?.id;
  return dc ? items.filter((i) => !i.dataCenter || i.dataCenter.id === dc) : items;
}

export function newDisk(choices: WizardChoices, clusterId: string, sizeGiB = '10'): DiskRow {
  const domains = inDataCenterOf(choices.storageDomains, choices, clusterId);
  // virtio-scsi is oVirt's default; plain virtio is what a libvirt guest boots from without extra drivers.
  const iface = choices.features.templates ? 'virtio_scsi' : 'virtio';
  return { key: nextRowKey(), sizeGiB, storageDomainId: domains[0]?.id ?? '', thin: true, interface: iface };
}

export function newNic(choices: WizardChoices, clusterId: string, taken: string[]): NicRow {
  let n = 1;
  while (taken.includes(`nic${n}`)) n++;
  const profiles = inDataCenterOf(choices.vnicProfiles, choices, clusterId);
  return { key: nextRowKey(), name: `nic${n}`, vnicProfileId: profiles[0]?.id ?? '', interface: 'virtio' };
}

/** First values for a connection: the preselected template (from ?template=) when it is one of its templates. */
export function initialValues(choices: WizardChoices, templateId?: string): WizardValues {
  const template = choices.templates.find((t) => t.id === templateId);
  const source: VmSource = template ? 'template' : 'blank';
  const clusterId = (template?.cluster && choices.clusters.some((c) => c.id === template.cluster!.id) ? template.cluster.id : choices.clusters[0]?.id) ?? '';
  return {
    connectionId: choices.connectionId,
    name: '',
    description: '',
    source,
    templateId: template?.id ?? '',
    baseImageId: '',
    bootVolumeId: '',
    bootImageId: '',
    volumeConnectionId: '',
    bootVolumeGiB: '10',
    cloneDisks: false,
    isoFileId: '',
    clusterId,
    hostId: '',
    sockets: String(template?.cpu?.sockets ?? 1),
    cores: String(template?.cpu?.cores ?? 1),
    threads: String(template?.cpu?.threads ?? 1),
    memoryMiB: String(template?.memoryBytes ? Math.round(template.memoryBytes / MiB) : 2048),
    disks: [newDisk(choices, clusterId)],
    nics: [newNic(choices, clusterId, [])],
    haEnabled: false,
    haPriority: '1',
    console: '',
    cloudInit: false,
    ciHostname: '',
    ciUser: '',
    ciPassword: '',
    ciSshKey: '',
    ciTimezone: '',
  };
}

/**
 * The fields the server action reads. Rows of a source that does not use them
 * are left out (a template brings its own disks and NICs), and so are the
 * cloud-init fields when cloud-init is off, so the server never sees a value
 * the form did not show.
 */
export function formFieldsOf(v: WizardValues): Record<string, string> {
  const withDevices = v.source !== 'template';
  // Booting from a volume: the volume is the only disk, and there is no CD-ROM to boot an ISO from.
  const withDisks = withDevices && v.source !== 'volume';
  const onVolume = v.source === 'volume';
  const out: Record<string, string> = {
    connectionId: v.connectionId,
    name: v.name,
    description: v.description,
    source: v.source,
    templateId: v.source === 'template' ? v.templateId : '',
    baseImageId: v.source === 'image' ? v.baseImageId : '',
    cloneDisks: v.cloneDisks && v.source !== 'blank' ? 'true' : 'false',
    isoFileId: withDisks ? v.isoFileId : '',
    bootVolumeId: onVolume ? v.bootVolumeId : '',
    bootImageId: onVolume && !v.bootVolumeId ? v.bootImageId : '',
    volumeConnectionId: onVolume && !v.bootVolumeId ? v.volumeConnectionId : '',
    bootVolumeGiB: onVolume && !v.bootVolumeId ? v.bootVolumeGiB : '',
    clusterId: v.clusterId,
    hostId: v.hostId,
    sockets: v.sockets,
    cores: v.cores,
    threads: v.threads,
    memoryMiB: v.memoryMiB,
    disks: JSON.stringify(
      withDisks ? v.disks.map((d) => ({ sizeGiB: Number(d.sizeGiB), storageDomainId: d.storageDomainId, thin: d.thin, interface: d.interface })) : [],
    ),
    nics: JSON.stringify(withDevices ? v.nics.map((n) => ({ name: n.name, vnicProfileId: n.vnicProfileId, interface: n.interface })) : []),
    haEnabled: v.haEnabled ? 'true' : 'false',
    haPriority: v.haPriority,
    console: v.console,
    cloudInit: v.cloudInit ? 'true' : 'false',
  };
  if (v.cloudInit) {
    Object.assign(out, { ciHostname: v.ciHostname, ciUser: v.ciUser, ciPassword: v.ciPassword, ciSshKey: v.ciSshKey, ciTimezone: v.ciTimezone });
  }
  return out;
}
