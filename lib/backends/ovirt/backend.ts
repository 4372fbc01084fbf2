import 'server-only';
import { capabilitiesOf } from '../capabilities';
import type { BackendConfig, BackendRuntimeOptions } from '../config';
import type { Backend } from '../types';
import { about } from './resources/about';
import { CLUSTERS } from './resources/clusters';
import { getOne, listPage } from './resources/collection';
import { getConsoleEndpoint } from './resources/consoles';
import { serialConsoleOpener, serialConsoleRefusal } from './resources/serial-console';
import type { OvirtContext } from './resources/context';
import { DATA_CENTERS } from './resources/datacenters';
import { DISKS } from './resources/disks';
import { listEvents } from './resources/events';
import { engineHealth, setGlobalMaintenance } from './resources/health';
import { HOSTS, hostActivate, hostDeactivate, hostFence } from './resources/hosts';
import { findTask, getTask, listTasks } from './resources/jobs';
import { NETWORKS } from './resources/networks';
import { listSnapshots } from './resources/snapshots';
import { getStorageDomain, listStorageDomains } from './resources/storagedomains';
import { TEMPLATES } from './resources/templates';
import { VM_ONE, VMS, cancelMigration, cloneVm, migrateVm, vmAction } from './resources/vms';
import { cloneVmFromSnapshot, commitSnapshot, createSnapshot, previewSnapshot, removeSnapshot, undoSnapshot } from './resources/snapshot-writes';
import { createTemplate, removeTemplate } from './resources/template-writes';
import { listIsoFiles, listVnicProfiles } from './resources/vm-choices';
import { createVm, removeVm, updateVm, vmRunOnce } from './resources/vm-writes';
import { getVmSettings, OVIRT_VM_SETTINGS, updateVmSettings } from './resources/vm-settings';
import * as affinity from './resources/affinity';
import * as devices from './resources/vm-devices';
import { ovirtInfraMethods } from './infra';
import * as net from './resources/network-writes';
import * as gluster from './resources/gluster';
import { OvirtTransport } from './transport';

export const OVIRT_CAPABILITIES = capabilitiesOf(
  'dataCenters',
  'clusters',
  'hosts',
  'hostPower',
  'storageDomains',
  'vms',
  'disks',
  'templates',
  'snapshots',
  'networks',
  'networkManagement',
  'hostNetworking',
  'migration',
  'events',
  'tasks',
  'consoles',
  'glusterVolumes',
  'affinity',
);

/** The oVirt engine behind the Backend contract: every method is one resource function. */
export function createOvirtBackend(config: BackendConfig, runtime: BackendRuntimeOptions = {}): Backend {
  const transport = new OvirtTransport(config, runtime);
  const ctx: OvirtContext = { transport, connectionId: config.id, username: config.username ?? '' };
  const { closeInfra, ...infra } = ovirtInfraMethods(ctx, config);
  // The serial console proxy runs on the engine's host (ovirt-vmconsole-proxy, port 2222 by default).
  const openSerialConsole = serialConsoleOpener(ctx, {
    host: new URL(transport.endpoints.origin).hostname.replace(/^\[(.*)\]$/, '$1'),
    port: config.serialConsolePort,
    store: runtime.consoleSsh,
  });
  return {
    id: config.id,
    kind: 'ovirt',
    name: config.name,
    capabilities: OVIRT_CAPABILITIES,

    about: (opts) => about(ctx, opts),
    close: () => {
      closeInfra();
      return transport.close();
    },

    listDataCenters: (query, opts) => listPage(ctx, DATA_CENTERS, query, opts),
    getDataCenter: (id, opts) => getOne(ctx, DATA_CENTERS, id, opts),
    listClusters: (query, opts) => listPage(ctx, CLUSTERS, query, opts),
    getCluster: (id, opts) => getOne(ctx, CLUSTERS, id, opts),
    listHosts: (query, opts) => listPage(ctx, HOSTS, query, opts),
    getHost: (id, opts) => getOne(ctx, HOSTS, id, opts),
    hostActivate: (id, opts) => hostActivate(ctx, id, opts),
    hostDeactivate: (id, opts) => hostDeactivate(ctx, id, opts),
    hostFence: (id, fenceType, opts) => hostFence(ctx, id, fenceType, opts),
    listServiceHealth: (opts) => engineHealth(ctx, opts),
    setHostedEngineGlobalMaintenance: (id, enabled, opts) => setGlobalMaintenance(ctx, id, enabled, opts),
    listStorageDomains: (query, opts) => listStorageDomains(ctx, query, opts),
    getStorageDomain: (id, opts) => getStorageDomain(ctx, id, opts),
    listVms: (query, opts) => listPage(ctx, VMS, query, opts),
    getVm: (id, opts) => getOne(ctx, VM_ONE, id, opts),
    vmAction: (id, action, opts) => vmAction(ctx, id, action, opts),
    migrateVm: (id, target, opts) => migrateVm(ctx, id, target, opts),
    cancelMigration: (id, opts) => cancelMigration(ctx, id, opts),
    cloneVm: (id, name, opts) => cloneVm(ctx, id, name, opts),
    listDisks: (query, opts) => listPage(ctx, DISKS, query, opts),
    getDisk: (id, opts) => getOne(ctx, DISKS, id, opts),
    listTemplates: (query, opts) => listPage(ctx, TEMPLATES, query, opts),
    getTemplate: (id, opts) => getOne(ctx, TEMPLATES, id, opts),
    listSnapshots: (vmId, opts) => listSnapshots(ctx, vmId, opts),
    listNetworks: (query, opts) => listPage(ctx, NETWORKS, query, opts),
    getNetwork: (id, opts) => getOne(ctx, NETWORKS, id, opts),
    listEvents: (query, opts) => listEvents(ctx, query, opts),
    listTasks: (query, opts) => listTasks(ctx, query, opts),
    getTask: (id, opts) => getTask(ctx, id, opts),
    findTask: (ref, opts) => findTask(ctx, ref, opts),
    getConsoleEndpoint: (vmId, opts) => getConsoleEndpoint(ctx, vmId, opts),
    openSerialConsole,
    serialConsoleRefusal: (vmId, opts) => serialConsoleRefusal(ctx, vmId, opts),
    ...infra,

    vmRunOnce: (id, spec, opts) => vmRunOnce(ctx, id, spec, opts),
    createVm: (spec, opts) => createVm(ctx, spec, opts),
    // Cinder volumes reach oVirt only as managed block storage domains, which this adapter does not drive.
    vmCreateFeatures: { templates: true, baseImages: false, attachVolumes: false, cloudInit: true, highAvailability: true, consoles: ['vnc', 'spice'] },
    updateVm: (id, spec, opts) => updateVm(ctx, id, spec, opts),
    removeVm: (id, options, opts) => removeVm(ctx, id, options, opts),
    createSnapshot: (vmId, spec, opts) => createSnapshot(ctx, vmId, spec, opts),
    removeSnapshot: (vmId, snapshotId, opts) => removeSnapshot(ctx, vmId, snapshotId, opts),
    previewSnapshot: (vmId, snapshotId, opts) => previewSnapshot(ctx, vmId, snapshotId, opts),
    commitSnapshot: (vmId, opts) => commitSnapshot(ctx, vmId, opts),
    undoSnapshot: (vmId, opts) => undoSnapshot(ctx, vmId, opts),
    cloneVmFromSnapshot: (vmId, snapshotId, name, opts) => cloneVmFromSnapshot(ctx, vmId, snapshotId, name, opts),
    createTemplate: (vmId, spec, opts) => createTemplate(ctx, vmId, spec, opts),
    removeTemplate: (id, opts) => removeTemplate(ctx, id, opts),
    listIsoFiles: (opts) => listIsoFiles(ctx, opts),
    listVnicProfiles: (opts) => listVnicProfiles(ctx, opts),

    createNetwork: (input, opts) => net.createNetwork(ctx, input, opts),
    updateNetwork: (id, patch, opts) => net.updateNetwork(ctx, id, patch, opts),
    removeNetwork: (id, opts) => net.removeNetwork(ctx, id, opts),
    listClusterNetworks: (clusterId, opts) => net.listClusterNetworks(ctx, clusterId, opts),
    attachClusterNetwork: (clusterId, networkId, roles, opts) => net.attachClusterNetwork(ctx, clusterId, networkId, roles, opts),
    updateClusterNetwork: (clusterId, networkId, roles, opts) => net.updateClusterNetwork(ctx, clusterId, networkId, roles, opts),
    detachClusterNetwork: (clusterId, networkId, opts) => net.detachClusterNetwork(ctx, clusterId, networkId, opts),
    createVnicProfile: (input, opts) => net.createVnicProfile(ctx, input, opts),
    updateVnicProfile: (id, patch, opts) => net.updateVnicProfile(ctx, id, patch, opts),
    removeVnicProfile: (id, opts) => net.removeVnicProfile(ctx, id, opts),
    listNetworkQos: (dcId, opts) => net.listNetworkQos(ctx, dcId, opts),
    createNetworkQos: (dcId, input, opts) => net.createNetworkQos(ctx, dcId, input, opts),
    removeNetworkQos: (dcId, id, opts) => net.removeNetworkQos(ctx, dcId, id, opts),
    listHostNics: (hostId, opts) => net.listHostNics(ctx, hostId, opts),
    listHostNetworkAttachments: (hostId, opts) => net.listHostNetworkAttachments(ctx, hostId, opts),
    setupHostNetworks: (hostId, setup, opts) => net.setupHostNetworks(ctx, hostId, setup, opts),

    listGlusterVolumes: (clusterId, opts) => gluster.listGlusterVolumes(ctx, clusterId, opts),
    getGlusterVolume: (id, opts) => gluster.getGlusterVolume(ctx, id, opts),
    createGlusterVolume: (input, opts) => gluster.createGlusterVolume(ctx, input, opts),
    removeGlusterVolume: (id, opts) => gluster.removeGlusterVolume(ctx, id, opts),
    glusterVolumeAction: (id, action, options, opts) => gluster.glusterVolumeAction(ctx, id, action, options, opts),
    setGlusterVolumeOption: (id, name, value, opts) => gluster.setGlusterVolumeOption(ctx, id, name, value, opts),
    resetGlusterVolumeOption: (id, name, opts) => gluster.resetGlusterVolumeOption(ctx, id, name, opts),
    optimizeGlusterVolumeForVirt: (id, opts) => gluster.optimizeGlusterVolumeForVirt(ctx, id, opts),
    addGlusterBricks: (id, bricks, replicaCount, opts) => gluster.addGlusterBricks(ctx, id, bricks, replicaCount, opts),
    removeGlusterBricks: (id, names, replicaCount, opts) => gluster.removeGlusterBricks(ctx, id, names, replicaCount, opts),
    glusterBrickMigration: (id, names, step, opts) => gluster.glusterBrickMigration(ctx, id, names, step, opts),
    // A VM's devices after creation (vm-device-types.ts).
    addVmDisk: (vmId, input, opts) => devices.addVmDisk(ctx, vmId, input, opts),
    attachVmDisk: (vmId, input, opts) => devices.attachVmDisk(ctx, vmId, input, opts),
    updateVmDisk: (vmId, diskId, patch, opts) => devices.updateVmDisk(ctx, vmId, diskId, patch, opts),
    detachVmDisk: (vmId, diskId, options, opts) => devices.detachVmDisk(ctx, vmId, diskId, options, opts),
    addVmNic: (vmId, input, opts) => devices.addVmNic(ctx, vmId, input, opts),
    updateVmNic: (vmId, nicId, patch, opts) => devices.updateVmNic(ctx, vmId, nicId, patch, opts),
    removeVmNic: (vmId, nicId, opts) => devices.removeVmNic(ctx, vmId, nicId, opts),
    getVmCdrom: (vmId, opts) => devices.getVmCdrom(ctx, vmId, opts),
    setVmCdrom: (vmId, isoFileId, options, opts) => devices.setVmCdrom(ctx, vmId, isoFileId, options, opts),
    // Boot order, HA, console type, placement (vm-settings-types.ts).
    vmSettingsFeatures: OVIRT_VM_SETTINGS,
    getVmSettings: (vmId, opts) => getVmSettings(ctx, vmId, opts),
    updateVmSettings: (vmId, patch, opts) => updateVmSettings(ctx, vmId, patch, opts),
    // Affinity groups and labels (affinity-types.ts).
    listAffinityGroups: (clusterId, opts) => affinity.listAffinityGroups(ctx, clusterId, opts),
    createAffinityGroup: (clusterId, input, opts) => affinity.createAffinityGroup(ctx, clusterId, input, opts),
    updateAffinityGroup: (clusterId, groupId, patch, opts) => affinity.updateAffinityGroup(ctx, clusterId, groupId, patch, opts),
    removeAffinityGroup: (clusterId, groupId, opts) => affinity.removeAffinityGroup(ctx, clusterId, groupId, opts),
    setAffinityGroupMember: (clusterId, groupId, kind, memberId, member, opts) => affinity.setAffinityGroupMember(ctx, clusterId, groupId, kind, memberId, member, opts),
    listAffinityLabels: (opts) => affinity.listAffinityLabels(ctx, opts),
    createAffinityLabel: (name, opts) => affinity.createAffinityLabel(ctx, name, opts),
    removeAffinityLabel: (labelId, opts) => affinity.removeAffinityLabel(ctx, labelId, opts),
    setAffinityLabelMember: (labelId, kind, memberId, member, opts) => affinity.setAffinityLabelMember(ctx, labelId, kind, memberId, member, opts),
    setVmAffinityLabel: (vmId, labelId, member, opts) => affinity.setVmAffinityLabel(ctx, vmId, labelId, member, opts),
  };
}
