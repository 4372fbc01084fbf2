/**
 * What each real server offers, written here by hand from its API (/work/shared/backends.md
 * in the project's notes), NEVER imported from the adapters: the contract compares the adapter's
 * declared capabilities with these, so a flag the adapter drops (or adds) fails the suite instead
 * of quietly turning its cases into skips.
 */
import type { Capabilities } from '@/lib/backends';

/** oVirt engine REST API v4. */
export const OVIRT_OFFERS: Capabilities = {
  dataCenters: true, // /datacenters
  clusters: true, // /clusters
  hosts: true, // /hosts
  hostPower: true, // hosts/{id}/activate, deactivate, fence
  storageDomains: true, // /storagedomains
  vms: true, // /vms and their start/stop/… actions
  migration: true, // vms/{id}/migrate
  disks: true, // /disks
  templates: true, // /templates
  snapshots: true, // vms/{id}/snapshots
  networks: true, // /networks
  networkManagement: true, // /networks, clusters/{id}/networks, vnicprofiles: create, update, remove
  hostNetworking: true, // hosts/{id}/nics, networkattachments, setupnetworks
  virtualNetworks: false, // libvirt's virtual networks: no engine object
  events: true, // /events with from, max, search
  tasks: true, // /jobs and their steps
  consoles: true, // vms/{id}/graphicsconsoles
  volumes: false, // Cinder's block volumes are not an engine collection
  volumeManagement: false,
  glusterVolumes: true, // clusters/{id}/glustervolumes, their actions and glusterbricks
  affinity: true, // clusters/{id}/affinitygroups, /affinitylabels, vms/{id}/affinitylabels
};

/** OpenStack Cinder v3 behind Keystone v3: block volumes and their management, nothing else. */
export const CINDER_OFFERS: Capabilities = {
  volumes: true, // /volumes/detail
  volumeManagement: true, // create, extend, retype, snapshots, types, limits, pools
  dataCenters: false,
  clusters: false,
  hosts: false,
  hostPower: false,
  storageDomains: false,
  vms: false, // Nova's, not Cinder's
  migration: false,
  disks: false,
  templates: false,
  snapshots: false, // VM snapshots; volume snapshots belong to volumeManagement
  networks: false,
  networkManagement: false,
  hostNetworking: false,
  virtualNetworks: false,
  events: false, // Cinder keeps messages per volume, not an event feed
  tasks: false, // no job objects: volume statuses move by themselves
  consoles: false,
  glusterVolumes: false, // no Gluster management API
  affinity: false, // no VMs to place
};

/** One libvirt host (libvirtd's RPC), as the dashboard shows it. */
export const LIBVIRT_OFFERS: Capabilities = {
  clusters: true, // the host is its own cluster (cluster= in the URI groups hosts)
  hosts: true, // the node itself (nodeinfo)
  storageDomains: true, // storage pools
  vms: true, // domains
  disks: true, // pool volumes
  snapshots: true, // domain snapshots
  networks: true, // virtual networks
  virtualNetworks: true, // define, start, stop, autostart, DHCP range, leases, undefine
  networkManagement: false, // no data-center logical networks
  hostNetworking: false, // the host's own interfaces are not managed through libvirt here
  consoles: true, // VNC/SPICE from the domain XML
  events: true, // domain lifecycle events, kept from the moment the dashboard connects
  dataCenters: false, // no such thing in libvirt
  templates: false, // no templates (a base image volume instead)
  hostPower: false, // libvirt cannot fence or put its own host into maintenance
  migration: true, // live, peer-to-peer, to another libvirt connection of its cluster group (its URI)
  tasks: false, // no job objects: a migration's progress shows on the VM (migrating, from the domain's job stats)
  volumes: false,
  volumeManagement: false,
  glusterVolumes: false, // no Gluster management API
  affinity: false, // a connection is one host: nothing to keep VMs together or apart on
};
