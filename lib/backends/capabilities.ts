import { BackendError } from './errors';
import './network-types';
import './gluster-types';
import './vm-device-types';
import './vm-settings-types';
import './affinity-types';
import './health-types';
import type { Backend, Capabilities, Capability } from './types';

/** Which optional methods each capability promises. */
export const CAPABILITY_METHODS = {
  dataCenters: ['listDataCenters', 'getDataCenter'],
  clusters: ['listClusters', 'getCluster'],
  hosts: ['listHosts', 'getHost'],
  hostPower: ['hostActivate', 'hostDeactivate', 'hostFence'],
  storageDomains: ['listStorageDomains', 'getStorageDomain'],
  vms: ['listVms', 'getVm', 'vmAction'],
  migration: ['migrateVm'],
  disks: ['listDisks', 'getDisk'],
  templates: ['listTemplates', 'getTemplate'],
  snapshots: ['listSnapshots'],
  networks: ['listNetworks', 'getNetwork'],
  networkManagement: [
    'createNetwork',
    'updateNetwork',
    'listClusterNetworks',
    'attachClusterNetwork',
    'updateClusterNetwork',
    'detachClusterNetwork',
    'createVnicProfile',
    'updateVnicProfile',
    'removeVnicProfile',
    'listNetworkQos',
    'createNetworkQos',
    'removeNetworkQos',
  ],
  hostNetworking: ['listHostNics', 'listHostNetworkAttachments', 'setupHostNetworks'],
  virtualNetworks: [
    'createVirtualNetwork',
    'startNetwork',
    'stopNetwork',
    'setNetworkAutostart',
    'setNetworkDhcpRange',
    'setNetworkBandwidth',
    'listNetworkLeases',
  ],
  // removeNetwork comes with networkManagement (oVirt) or virtualNetworks (libvirt); listVnicProfiles
  // with creating VMs: both exist on backends without the other capability, so neither list names them.
  volumes: ['listVolumes', 'getVolume'],
  volumeManagement: [
    'volumeFeatures',
    'createVolume',
    'deleteVolume',
    'extendVolume',
    'setVolumeBootable',
    'retypeVolume',
    'listVolumeSnapshots',
    'getVolumeSnapshot',
    'createVolumeSnapshot',
    'deleteVolumeSnapshot',
    'revertVolumeToSnapshot',
    'listVolumeTypes',
    'getVolumeLimits',
    'listVolumePools',
    'listVolumeMessages',
  ],
  events: ['listEvents'],
  tasks: ['listTasks', 'getTask', 'findTask'],
  consoles: ['getConsoleEndpoint'],
  glusterVolumes: [
    'listGlusterVolumes',
    'getGlusterVolume',
    'createGlusterVolume',
    'removeGlusterVolume',
    'glusterVolumeAction',
    'setGlusterVolumeOption',
    'resetGlusterVolumeOption',
    'optimizeGlusterVolumeForVirt',
    'addGlusterBricks',
    'removeGlusterBricks',
    'glusterBrickMigration',
  ],
  affinity: ['listAffinityGroups', 'setAffinityGroupMember', 'listAffinityLabels', 'setVmAffinityLabel'],
} as const satisfies { [C in Capability]: ReadonlyArray<keyof Backend> };

export type MethodsOf<C extends Capability> = (typeof CAPABILITY_METHODS)[C][number];

/** A backend narrowed to one whose methods for capability C are present. */
export type BackendWith<C extends Capability> = Backend & Required<Pick<Backend, MethodsOf<C>>>;

export function hasCapability<C extends Capability>(backend: Backend, capability: C): backend is BackendWith<C> {
  return backend.capabilities[capability] && CAPABILITY_METHODS[capability].every((m) => typeof backend[m] === 'function');
}

export const NO_CAPABILITIES: Readonly<Capabilities> = Object.freeze({
  dataCenters: false,
  clusters: false,
  hosts: false,
  hostPower: false,
  storageDomains: false,
  vms: false,
  disks: false,
  templates: false,
  snapshots: false,
  networks: false,
  networkManagement: false,
  hostNetworking: false,
  virtualNetworks: false,
  migration: false,
  events: false,
  tasks: false,
  volumes: false,
  volumeManagement: false,
  consoles: false,
  glusterVolumes: false,
  affinity: false,
});

/** For services: fail with a clear error instead of `undefined is not a function`. */
export function requireCapability<C extends Capability>(backend: Backend, capability: C): BackendWith<C> {
  if (hasCapability(backend, capability)) return backend;
  throw new BackendError('invalid_input', `${backend.name} (${backend.kind}) does not support ${capability}.`);
}

/** Builds a capability set from the ones a backend has. */
export function capabilitiesOf(...present: Capability[]): Readonly<Capabilities> {
  const all: Capabilities = { ...NO_CAPABILITIES };
  for (const c of present) all[c] = true;
  return Object.freeze(all);
}
