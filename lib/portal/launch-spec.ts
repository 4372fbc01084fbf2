/**
 * What a portal launch asks the backend for, as the wizard's input (vmCreateSchema): pure, so the
 * real-backend tests create exactly what a user's launch creates.
 */
export interface LaunchItemFields {
  connectionId: string;
  sourceKind: string;
  sourceId: string;
  clusterId: string;
  networkId: string | null;
  /** sourceKind "volume": the new boot volume's type (null: the volume service's default). */
  volumeType?: string | null;
}

export interface LaunchFlavorFields {
  vcpus: number;
  memoryMiB: number;
  diskGiB: number;
}

export function launchCreateInput(item: LaunchItemFields, flavor: LaunchFlavorFields, name: string, sshPublicKey?: string) {
  if (item.sourceKind === 'volume') return launchOnVolumeInput(item, flavor, name, sshPublicKey);
  const image = item.sourceKind === 'image';
  return {
    connectionId: item.connectionId,
    name,
    source: image ? 'image' : 'template',
    templateId: image ? undefined : item.sourceId,
    baseImageId: image ? item.sourceId : undefined,
    // A thin copy-on-write clone: fast, and the catalog's image stays shared.
    cloneDisks: false,
    clusterId: item.clusterId,
    sockets: flavor.vcpus,
    cores: 1,
    threads: 1,
    memoryMiB: flavor.memoryMiB,
    // A template brings its own disks and NICs. An image gets exactly one boot disk, its overlay
    // grown to the flavor's size (the backend makes the overlay from the image itself: an extra
    // blank disk here would be a second, empty disk), and one NIC on the item's network.
    bootDiskGiB: image ? flavor.diskGiB : undefined,
    disks: [],
    nics: image && item.networkId ? [{ name: 'nic1', vnicProfileId: item.networkId, interface: 'virtio' }] : [],
    // The user's key through cloud-init (oVirt's initialization; libvirt a NoCloud seed volume).
    cloudInit: sshPublicKey ? 'on' : undefined,
    ciHostname: sshPublicKey ? name.replace(/[^A-Za-z0-9.-]/g, '-') : undefined,
    ciSshKey: sshPublicKey,
  };
}

/**
 * "Launch on a volume": the wizard's source "a Cinder volume" made from the item's image, as big as
 * the flavor's disk (sourceId is the image id qualified by the volume connection). The volume is
 * the VM's only disk; one NIC on the item's network. cloud-init is not offered on a volume yet:
 * a key is passed on so that the create refuses it, naming why, before anything is made.
 */
function launchOnVolumeInput(item: LaunchItemFields, flavor: LaunchFlavorFields, name: string, sshPublicKey?: string) {
  const colon = item.sourceId.indexOf(':');
  return {
    connectionId: item.connectionId,
    name,
    source: 'volume',
    volumeConnectionId: item.sourceId.slice(0, colon),
    bootImageId: item.sourceId.slice(colon + 1),
    bootVolumeGiB: flavor.diskGiB,
    bootVolumeType: item.volumeType ?? undefined,
    clusterId: item.clusterId,
    sockets: flavor.vcpus,
    cores: 1,
    threads: 1,
    memoryMiB: flavor.memoryMiB,
    disks: [],
    nics: item.networkId ? [{ name: 'nic1', vnicProfileId: item.networkId, interface: 'virtio' }] : [],
    cloudInit: sshPublicKey ? 'on' : undefined,
    ciHostname: sshPublicKey ? name.replace(/[^A-Za-z0-9.-]/g, '-') : undefined,
    ciSshKey: sshPublicKey,
  };
}
