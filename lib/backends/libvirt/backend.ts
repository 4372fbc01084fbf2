import 'server-only';
import { capabilitiesOf } from '../capabilities';
import type { BackendConfig, BackendRuntimeOptions } from '../config';
import type { Backend } from '../types';
import type { LibvirtContext } from './context';
import { getConsoleEndpoint, getVm, listSnapshots, listVms, openSerialConsole, vmAction } from './domains';
import { about, daemonHealth, getCluster, getHost, listClusters, listHosts } from './host';
import * as nets from './networks';
import { getNetwork, listNetworks } from './networks';
import { getDisk, getStorageDomain, listDisks, listStorageDomains } from './storage';
import { EventLog } from './events';
import { uuidToString } from './protocol';
import { LibvirtTransport } from './transport';
import { cancelDiskUpload, finalizeDiskUpload, getDiskUpload, startDiskUpload, writeDiskUpload } from './uploads';
import { cloneVm } from './clone';
import { attachVolumeDisk, detachVolumeDisk, volumeConnector } from './volume-disks';
import * as devices from './vm-devices';
import { getVmSettings, LIBVIRT_VM_SETTINGS, updateVmSettings } from './vm-settings';
import * as writes from './writes';
import * as migration from './migration';
import { migrationUri, parseLibvirtUri } from './uri';

export const LIBVIRT_CAPABILITIES = capabilitiesOf(
  'events',
  'clusters',
  'hosts',
  'storageDomains',
  'vms',
  'disks',
  'snapshots',
  'networks',
  'virtualNetworks',
  'consoles',
  'migration',
);

/**
 * A libvirt host behind the Backend contract. It speaks libvirt's own RPC
 * protocol (the one virsh uses to reach libvirtd) over a UNIX socket, TCP, TLS
 * or an ssh pipe, so nothing native is linked and nothing needs building: see
 * ./README.md for why this beats the available Node bindings.
 */
export function createLibvirtBackend(config: BackendConfig, runtime: BackendRuntimeOptions = {}): Backend {
  const target = parseLibvirtUri(config.url);
  const events = new EventLog(config.id);
  // The domain XML cache outlives one call; a lifecycle event makes it forget that domain.
  const domains: LibvirtContext['domains'] = new Map();
  const credentials = {
    caCert: config.caCert,
    clientCert: config.clientCert,
    clientKey: config.clientKey,
    sshKey: config.sshKey,
    insecureSkipVerify: config.insecureSkipVerify,
  };
  const transport = new LibvirtTransport(
    target,
    credentials,
    {
      connectMs: runtime.timeouts?.connectMs,
      requestMs: runtime.timeouts?.requestMs,
      onLifecycle: ({ dom, event, detail }) => {
        events.add(dom, event, detail);
        domains.delete(uuidToString(dom.uuid));
      },
      onCall: runtime.onRequest
        ? (proc) => runtime.onRequest!({ connectionId: config.id, method: 'RPC', url: `proc ${proc}`, attempt: 1, purpose: 'api' })
        : undefined,
    },
  );
  const ctx: LibvirtContext = {
    transport,
    connectionId: config.id,
    target,
    username: config.username ?? target.user ?? '',
    domains,
    domainXmlTtlMs: 60_000,
    uploads: new Map(),
    cephKey: config.cephKey,
    migrations: new Map(),
    note: (dom, severity, description) => events.note(dom, severity, description),
    // No event subscription on it: lifecycle events come over the shared connection.
    openTransport: (requestMs) => new LibvirtTransport(target, credentials, { connectMs: runtime.timeouts?.connectMs, requestMs }),
  };
  return {
    id: config.id,
    kind: 'libvirt',
    name: config.name,
    capabilities: LIBVIRT_CAPABILITIES,

    about: (opts) => about(ctx, opts),
    listServiceHealth: (opts) => daemonHealth(ctx, opts),
    listEvents: async (query, opts) => {
      // Connecting subscribes: the first poll opens the connection so events start flowing.
      await transport.ready(opts?.signal);
      return events.list(query);
    },
    close: () => transport.close(),

    listClusters: (query, opts) => listClusters(ctx, query, opts),
    getCluster: (id, opts) => getCluster(ctx, id, opts),
    listHosts: (query, opts) => listHosts(ctx, query, opts),
    getHost: (id, opts) => getHost(ctx, id, opts),
    listStorageDomains: (query, opts) => listStorageDomains(ctx, query, opts),
    getStorageDomain: (id, opts) => getStorageDomain(ctx, id, opts),
    listVms: (query, opts) => listVms(ctx, query, opts),
    getVm: (id, opts) => getVm(ctx, id, opts),
    vmAction: (id, action, opts) => vmAction(ctx, id, action, opts),
    migrateVm: (id, target, opts) => migration.migrateVm(ctx, id, target, opts),
    cancelMigration: (id, opts) => migration.cancelMigration(ctx, id, opts),
    migrationUri: () => migrationUri(config.url),
    migrationOutcome: (id) => migration.outcome(ctx, id),
    listDisks: (query, opts) => listDisks(ctx, query, opts),
    getDisk: (id, opts) => getDisk(ctx, id, opts),
    listSnapshots: (vmId, opts) => listSnapshots(ctx, vmId, opts),
    listNetworks: (query, opts) => listNetworks(ctx, query, opts),
    getNetwork: (id, opts) => getNetwork(ctx, id, opts),
    createVirtualNetwork: (input, opts) => nets.createVirtualNetwork(ctx, input, opts),
    startNetwork: (id, opts) => nets.startNetwork(ctx, id, opts),
    stopNetwork: (id, opts) => nets.stopNetwork(ctx, id, opts),
    setNetworkAutostart: (id, on, opts) => nets.setNetworkAutostart(ctx, id, on, opts),
    setNetworkDhcpRange: (id, range, opts) => nets.setNetworkDhcpRange(ctx, id, range, opts),
    removeNetwork: (id, opts) => nets.removeNetwork(ctx, id, opts),
    setNetworkBandwidth: (id, bandwidth, opts) => nets.setNetworkBandwidth(ctx, id, bandwidth, opts),
    listNetworkLeases: (id, opts) => nets.listNetworkLeases(ctx, id, opts),
    getConsoleEndpoint: (vmId, opts) => getConsoleEndpoint(ctx, vmId, opts),
    openSerialConsole: (vmId, opts) => openSerialConsole(ctx, vmId, opts),

    createVm: (spec, opts) => writes.createVm(ctx, spec, opts),
    // No templates (a base image volume instead), no cloud-init seed, no HA on one host; Cinder volumes are not attached.
    vmCreateFeatures: { templates: false, baseImages: true, attachVolumes: true, cloudInit: true, highAvailability: false, consoles: ['vnc', 'spice'] },
    updateVm: (id, spec, opts) => writes.updateVm(ctx, id, spec, opts),
    removeVm: (id, options, opts) => writes.removeVm(ctx, id, options, opts),
    cloneVm: (id, name, opts) => cloneVm(ctx, id, name, opts),
    createSnapshot: (vmId, spec, opts) => writes.createSnapshot(ctx, vmId, spec, opts),
    removeSnapshot: (vmId, snapshotId, opts) => writes.removeSnapshot(ctx, vmId, snapshotId, opts),
    revertToSnapshot: (vmId, snapshotId, opts) => writes.revertToSnapshot(ctx, vmId, snapshotId, opts),
    listIsoFiles: (opts) => writes.listIsoFiles(ctx, opts),
    listVnicProfiles: (opts) => writes.listVnicProfiles(ctx, opts),
    createDisk: (input, opts) => writes.createDisk(ctx, input, opts),
    removeDisk: (id, opts) => writes.removeDisk(ctx, id, opts),
    resizeDisk: (id, size, opts) => writes.resizeDisk(ctx, id, size, opts),
    // A VM's devices after creation (vm-device-types.ts); attaching an existing floating disk is oVirt's only.
    // Redefinitions libvirt cannot apply to a device in place (vm-devices.ts refuses them too).
    vmDeviceLimits: { diskSettings: false, nicUnplug: false, nicSettings: false, managedBlockDisks: false },
    addVmDisk: (vmId, input, opts) => devices.addVmDisk(ctx, vmId, input, opts),
    updateVmDisk: (vmId, diskId, patch, opts) => devices.updateVmDisk(ctx, vmId, diskId, patch, opts),
    detachVmDisk: (vmId, diskId, options, opts) => devices.detachVmDisk(ctx, vmId, diskId, options, opts),
    addVmNic: (vmId, input, opts) => devices.addVmNic(ctx, vmId, input, opts),
    updateVmNic: (vmId, nicId, patch, opts) => devices.updateVmNic(ctx, vmId, nicId, patch, opts),
    removeVmNic: (vmId, nicId, opts) => devices.removeVmNic(ctx, vmId, nicId, opts),
    // Boot order, console type (next start), autostart (at once); no HA or placement (vm-settings-types.ts).
    vmSettingsFeatures: LIBVIRT_VM_SETTINGS,
    getVmSettings: (vmId, opts) => getVmSettings(ctx, vmId, opts),
    updateVmSettings: (vmId, patch, opts) => updateVmSettings(ctx, vmId, patch, opts),
    getVmCdrom: (vmId, opts) => devices.getVmCdrom(ctx, vmId, opts),
    setVmCdrom: (vmId, isoFileId, options, opts) => devices.setVmCdrom(ctx, vmId, isoFileId, options, opts),
    startDiskUpload: (input, opts) => startDiskUpload(ctx, input, opts),
    getDiskUpload: (id) => getDiskUpload(ctx, id),
    writeDiskUpload: (id, chunk, opts) => writeDiskUpload(ctx, id, chunk, opts),
    finalizeDiskUpload: (id) => finalizeDiskUpload(ctx, id),
    cancelDiskUpload: (id, opts) => cancelDiskUpload(ctx, id, opts),

    volumeConnector: (opts) => volumeConnector(ctx, opts),
    attachVolumeDisk: (vmId, input, opts) => attachVolumeDisk(ctx, vmId, input, opts),
    detachVolumeDisk: (vmId, volumeId, opts) => detachVolumeDisk(ctx, vmId, volumeId, opts),
  };
}
