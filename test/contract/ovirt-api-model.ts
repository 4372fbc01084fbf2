/**
 * The part of the oVirt engine's published API model (github.com/oVirt/ovirt-engine-api-model,
 * src/main/java/types and services) that the demo engine and the oVirt adapter use, written down
 * compactly: for each type the attributes with their kinds, the `link` rels its service offers
 * (sub-collections) and the `actions` rels (its service's actions); the enums with every value;
 * the parameters of the actions the adapter posts. test/contract/ovirt-api-walk.ts walks the demo
 * engine's answers against it, so the fake cannot invent a field, link or enum value the real
 * engine does not have (it is the only engine the adapter ever meets in the tests).
 *
 * Kinds: 'string' | 'boolean' | 'integer' | 'decimal' | 'date' (epoch ms; the engine sends many
 * booleans and integers as strings, both forms pass), 'enum:E', a type name (a nested struct),
 * 'link:T' (a reference `{id, href}` or the followed object), and 'X[]' (the engine's wrapper:
 * `{"nic": [...]}`). Only attributes the fake sends are listed: to send another, add it here from
 * the model first.
 */

export type AttrKind = string;

export interface ModelType {
  attrs: Record<string, AttrKind>;
  /** `link[].rel` values: the sub-collections of the type's service. */
  links?: string[];
  /** `actions.link[].rel` values: the actions of the type's service. */
  actions?: string[];
}

export const MODEL_TYPES: Record<string, ModelType> = {
  // types/AffinityGroup.java: the 4.1 fields (enforcing, positive) beside the 4.3 rules; priority 4.4.
  AffinityGroup: {
    attrs: { cluster: 'link:Cluster', description: 'string', enforcing: 'boolean', hosts: 'link:Host[]', hosts_rule: 'AffinityRule', id: 'string', name: 'string', positive: 'boolean', priority: 'decimal', vms: 'link:Vm[]', vms_rule: 'AffinityRule' },
    links: ['hostlabels', 'hosts', 'vmlabels', 'vms'],
  },
  AffinityRule: {
    attrs: { enabled: 'boolean', enforcing: 'boolean', positive: 'boolean' },
  },
  // types/AffinityLabel.java (4.1+; has_implicit_affinity_group 4.4): a tag on VMs and hosts.
  AffinityLabel: {
    attrs: { has_implicit_affinity_group: 'boolean', hosts: 'link:Host[]', id: 'string', name: 'string', read_only: 'boolean', vms: 'link:Vm[]' },
    links: ['hosts', 'vms'],
  },
  Api: {
    attrs: { authenticated_user: 'link:User', effective_user: 'link:User', product_info: 'ProductInfo', special_objects: 'SpecialObjects', summary: 'ApiSummary', time: 'date' },
    links: ['clusters', 'datacenters', 'disks', 'events', 'hosts', 'imagetransfers', 'jobs', 'networks', 'permissions', 'roles', 'storagedomains', 'templates', 'users', 'vms', 'vnicprofiles'],
  },
  ApiSummary: {
    attrs: { hosts: 'ApiSummaryItem', storage_domains: 'ApiSummaryItem', users: 'ApiSummaryItem', vms: 'ApiSummaryItem' },
  },
  ApiSummaryItem: {
    attrs: { active: 'integer', total: 'integer' },
  },
  Bios: {
    attrs: { boot_menu: 'BootMenu', type: 'enum:BiosType' },
  },
  Bonding: {
    attrs: { active_slave: 'link:HostNic', options: 'Option[]', slaves: 'HostNic[]' },
  },
  Boot: {
    attrs: { devices: 'enum:BootDevice[]' },
  },
  BootMenu: {
    attrs: { enabled: 'boolean' },
  },
  Certificate: {
    attrs: { organization: 'string', subject: 'string' },
  },
  Cluster: {
    attrs: { ballooning_enabled: 'boolean', bios_type: 'enum:BiosType', comment: 'string', cpu: 'Cpu', data_center: 'link:DataCenter', description: 'string', firewall_type: 'enum:FirewallType', gluster_service: 'boolean', ha_reservation: 'boolean', id: 'string', memory_policy: 'MemoryPolicy', name: 'string', scheduling_policy: 'link:SchedulingPolicy', switch_type: 'enum:SwitchType', threads_as_cores: 'boolean', trusted_service: 'boolean', tunnel_migration: 'boolean', version: 'Version', virt_service: 'boolean' },
    links: ['glustervolumes', 'networks', 'permissions'],
  },
  Cpu: {
    attrs: { architecture: 'enum:Architecture', name: 'string', speed: 'decimal', topology: 'CpuTopology', type: 'string' },
  },
  CpuTopology: {
    attrs: { cores: 'integer', sockets: 'integer', threads: 'integer' },
  },
  DataCenter: {
    attrs: { comment: 'string', description: 'string', id: 'string', local: 'boolean', name: 'string', quota_mode: 'enum:QuotaModeType', status: 'enum:DataCenterStatus', storage_format: 'enum:StorageFormat', supported_versions: 'Version[]', version: 'Version' },
    links: ['clusters', 'networks', 'permissions', 'qoss', 'storagedomains'],
  },
  Disk: {
    attrs: { actual_size: 'integer', alias: 'string', backup: 'enum:DiskBackup', content_type: 'enum:DiskContentType', description: 'string', format: 'enum:DiskFormat', id: 'string', image_id: 'string', name: 'string', propagate_errors: 'boolean', provisioned_size: 'integer', qcow_version: 'enum:QcowVersion', shareable: 'boolean', sparse: 'boolean', status: 'enum:DiskStatus', storage_domains: 'link:StorageDomain[]', storage_type: 'enum:DiskStorageType', total_size: 'integer', wipe_after_delete: 'boolean' },
    links: ['permissions'],
  },
  DiskAttachment: {
    attrs: { active: 'boolean', bootable: 'boolean', disk: 'link:Disk', id: 'string', interface: 'enum:DiskInterface', logical_name: 'string', pass_discard: 'boolean', read_only: 'boolean', uses_scsi_reservation: 'boolean', vm: 'link:Vm' },
  },
  Display: {
    attrs: { allow_override: 'boolean', copy_paste_enabled: 'boolean', disconnect_action: 'string', file_transfer_enabled: 'boolean', monitors: 'integer', single_qxl_pci: 'boolean', smartcard_enabled: 'boolean', type: 'enum:DisplayType' },
  },
  DnsResolverConfiguration: {
    attrs: { name_servers: 'string[]' },
  },
  Event: {
    attrs: { cluster: 'link:Cluster', code: 'integer', correlation_id: 'string', custom_id: 'integer', data_center: 'link:DataCenter', description: 'string', flood_rate: 'integer', host: 'link:Host', id: 'string', index: 'integer', origin: 'string', severity: 'enum:LogSeverity', storage_domain: 'link:StorageDomain', time: 'date', user: 'link:User', vm: 'link:Vm' },
  },
  GlusterBrick: {
    attrs: { brick_dir: 'string', gluster_volume: 'link:GlusterVolume', id: 'string', name: 'string', server_id: 'string', status: 'enum:GlusterBrickStatus' },
  },
  GlusterVolume: {
    attrs: {
      cluster: 'link:Cluster', disperse_count: 'integer', id: 'string', name: 'string', options: 'Option[]', redundancy_count: 'integer', replica_count: 'integer',
      status: 'enum:GlusterVolumeStatus', stripe_count: 'integer', transport_types: 'enum:TransportType[]', volume_type: 'enum:GlusterVolumeType',
    },
    links: ['glusterbricks', 'statistics'],
    actions: ['getprofilestatistics', 'rebalance', 'resetalloptions', 'resetoption', 'setoption', 'start', 'startprofile', 'stop', 'stopprofile', 'stoprebalance'],
  },
  GraphicsConsole: {
    attrs: { address: 'string', id: 'string', port: 'integer', protocol: 'enum:GraphicsType', vm: 'link:Vm' },
    actions: ['remoteviewerconnectionfile', 'ticket'],
  },
  GuestOperatingSystem: {
    attrs: { architecture: 'string', codename: 'string', distribution: 'string', family: 'string', kernel: 'Kernel', version: 'Version' },
  },
  HardwareInformation: {
    attrs: { family: 'string', manufacturer: 'string', product_name: 'string', serial_number: 'string', uuid: 'string', version: 'string' },
  },
  HighAvailability: {
    attrs: { enabled: 'boolean', priority: 'integer' },
  },
  HostedEngine: {
    attrs: { active: 'boolean', configured: 'boolean', global_maintenance: 'boolean', local_maintenance: 'boolean', score: 'integer' },
  },
  Host: {
    attrs: { address: 'string', certificate: 'Certificate', cluster: 'link:Cluster', comment: 'string', cpu: 'Cpu', description: 'string', external_status: 'enum:ExternalStatus', hardware_information: 'HardwareInformation', hosted_engine: 'HostedEngine', id: 'string', kdump_status: 'enum:KdumpStatus', ksm: 'Ksm', libvirt_version: 'Version', max_scheduling_memory: 'integer', memory: 'integer', name: 'string', os: 'OperatingSystem', port: 'integer', power_management: 'PowerManagement', protocol: 'enum:HostProtocol', se_linux: 'SeLinux', spm: 'Spm', statistics: 'link:Statistic[]', status: 'enum:HostStatus', summary: 'VmSummary', type: 'enum:HostType', update_available: 'boolean', version: 'Version' },
    links: ['networkattachments', 'nics', 'permissions', 'statistics'],
    actions: ['activate', 'commitnetconfig', 'deactivate', 'fence', 'setupnetworks'],
  },
  /** A host's network interface (HostNicService): physical NIC, bond or VLAN device. */
  HostNic: {
    attrs: { base_interface: 'string', bonding: 'Bonding', boot_protocol: 'enum:BootProtocol', bridged: 'boolean', comment: 'string', description: 'string', host: 'link:Host', id: 'string', ip: 'Ip', ipv6: 'Ip', ipv6_boot_protocol: 'enum:BootProtocol', mac: 'Mac', mtu: 'integer', name: 'string', network: 'link:Network', qos: 'link:Qos', speed: 'integer', status: 'enum:NicStatus', vlan: 'Vlan' },
    links: ['linklayerdiscoveryprotocolelements', 'networkattachments', 'networklabels', 'statistics', 'virtualfunctionallowedlabels', 'virtualfunctionallowednetworks'],
    actions: ['updatevirtualfunctionsconfiguration'],
  },
  HostStorage: {
    attrs: { address: 'string', nfs_version: 'enum:NfsVersion', path: 'string', type: 'enum:StorageType', vfs_type: 'string', volume_group: 'VolumeGroup' },
  },
  Io: {
    attrs: { threads: 'integer' },
  },
  Ip: {
    attrs: { address: 'string', gateway: 'string', netmask: 'string', version: 'enum:IpVersion' },
  },
  IpAddressAssignment: {
    attrs: { assignment_method: 'enum:BootProtocol', ip: 'Ip' },
  },
  Job: {
    attrs: { auto_cleared: 'boolean', description: 'string', end_time: 'date', external: 'boolean', id: 'string', last_updated: 'date', owner: 'link:User', start_time: 'date', status: 'enum:JobStatus', steps: 'link:Step[]' },
    links: ['steps'],
    actions: ['clear', 'end'],
  },
  Kernel: {
    attrs: { version: 'Version' },
  },
  Ksm: {
    attrs: { enabled: 'boolean' },
  },
  LogicalUnit: {
    attrs: { address: 'string', id: 'string', lun_mapping: 'integer', port: 'integer', product_id: 'string', serial: 'string', size: 'integer', target: 'string', vendor_id: 'string', volume_group_id: 'string' },
  },
  Mac: {
    attrs: { address: 'string' },
  },
  // types/ReportedDevice.java: what the guest agent reports per NIC (Vm's reportedDevices link).
  ReportedDevice: {
    attrs: { comment: 'string', description: 'string', id: 'string', ips: 'Ip[]', mac: 'Mac', name: 'string', type: 'enum:ReportedDeviceType', vm: 'link:Vm' },
  },
  MemoryOverCommit: {
    attrs: { percent: 'integer' },
  },
  MemoryPolicy: {
    attrs: { ballooning: 'boolean', guaranteed: 'integer', max: 'integer', over_commit: 'MemoryOverCommit', transparent_huge_pages: 'TransparentHugePages' },
  },
  MigrationOptions: {
    attrs: { auto_converge: 'enum:InheritableBoolean', compressed: 'enum:InheritableBoolean', encrypted: 'enum:InheritableBoolean' },
  },
  /** Also read through /clusters/{id}/networks (ClusterNetworkService): with cluster, display, required and usages of that cluster. */
  Network: {
    attrs: { cluster: 'link:Cluster', comment: 'string', data_center: 'link:DataCenter', description: 'string', display: 'boolean', dns_resolver_configuration: 'DnsResolverConfiguration', id: 'string', mtu: 'integer', name: 'string', port_isolation: 'boolean', qos: 'link:Qos', required: 'boolean', stp: 'boolean', usages: 'enum:NetworkUsage[]', vlan: 'Vlan' },
    links: ['networklabels', 'permissions', 'vnicprofiles'],
  },
  NetworkAttachment: {
    attrs: { comment: 'string', description: 'string', host: 'link:Host', host_nic: 'link:HostNic', id: 'string', in_sync: 'boolean', ip_address_assignments: 'IpAddressAssignment[]', name: 'string', network: 'link:Network', qos: 'link:Qos', reported_configurations: 'ReportedConfiguration[]' },
  },
  NetworkFilter: {
    attrs: { comment: 'string', description: 'string', id: 'string', name: 'string', version: 'Version' },
  },
  NetworkLabel: {
    attrs: { comment: 'string', description: 'string', host_nic: 'link:HostNic', id: 'string', name: 'string', network: 'link:Network' },
  },
  Nic: {
    attrs: { id: 'string', interface: 'enum:NicInterface', linked: 'boolean', mac: 'Mac', name: 'string', plugged: 'boolean', synced: 'boolean', vm: 'link:Vm', vnic_profile: 'link:VnicProfile' },
  },
  Option: {
    attrs: { name: 'string', type: 'string', value: 'string' },
  },
  OperatingSystem: {
    attrs: { boot: 'Boot', type: 'string', version: 'Version' },
  },
  Permission: {
    attrs: { id: 'string', role: 'link:Role', user: 'link:User' },
  },
  PowerManagement: {
    attrs: { automatic_pm_enabled: 'boolean', enabled: 'boolean', kdump_detection: 'boolean' },
  },
  ProductInfo: {
    attrs: { instance_id: 'string', name: 'string', vendor: 'string', version: 'Version' },
  },
  Qos: {
    attrs: {
      comment: 'string', data_center: 'link:DataCenter', description: 'string', id: 'string', name: 'string', type: 'enum:QosType',
      inbound_average: 'integer', inbound_burst: 'integer', inbound_peak: 'integer', outbound_average: 'integer', outbound_average_linkshare: 'integer',
      outbound_average_realtime: 'integer', outbound_average_upperlimit: 'integer', outbound_burst: 'integer', outbound_peak: 'integer',
    },
  },
  ReportedConfiguration: {
    attrs: { actual_value: 'string', expected_value: 'string', in_sync: 'boolean', name: 'string' },
  },
  Role: {
    attrs: { id: 'string' },
  },
  SchedulingPolicy: {
    attrs: { name: 'string' },
  },
  SeLinux: {
    attrs: { mode: 'enum:SeLinuxMode' },
  },
  Snapshot: {
    attrs: { date: 'date', description: 'string', id: 'string', persist_memorystate: 'boolean', snapshot_status: 'enum:SnapshotStatus', snapshot_type: 'enum:SnapshotType', vm: 'link:Vm' },
    links: ['disks', 'nics'],
    actions: ['restore'],
  },
  SpecialObjects: {
    attrs: { blank_template: 'link:Template' },
  },
  Spm: {
    attrs: { priority: 'integer', status: 'enum:SpmStatus' },
  },
  Statistic: {
    attrs: { description: 'string', host: 'link:Host', id: 'string', kind: 'enum:StatisticKind', name: 'string', type: 'enum:ValueType', unit: 'enum:StatisticUnit', values: 'Value[]', vm: 'link:Vm' },
  },
  Step: {
    attrs: { description: 'string', end_time: 'date', external: 'boolean', id: 'string', job: 'link:Job', number: 'integer', progress: 'integer', start_time: 'date', status: 'enum:StepStatus', type: 'enum:StepEnum' },
  },
  // types/StorageDomainLease.java: where a VM's lease lives (VmBase.lease, 4.1+).
  StorageDomainLease: {
    attrs: { storage_domain: 'link:StorageDomain' },
  },
  StorageDomain: {
    attrs: { available: 'integer', backup: 'boolean', block_size: 'integer', comment: 'string', committed: 'integer', critical_space_action_blocker: 'integer', data_center: 'link:DataCenter', data_centers: 'link:DataCenter[]', description: 'string', discard_after_delete: 'boolean', external_status: 'enum:ExternalStatus', id: 'string', master: 'boolean', name: 'string', status: 'enum:StorageDomainStatus', storage: 'HostStorage', storage_format: 'enum:StorageFormat', supports_discard: 'boolean', supports_discard_zeroes_data: 'boolean', type: 'enum:StorageDomainType', used: 'integer', warning_low_space_indicator: 'integer', wipe_after_delete: 'boolean' },
    links: ['disks', 'files', 'permissions', 'templates', 'vms'],
  },
  Template: {
    attrs: { bios: 'Bios', cluster: 'link:Cluster', comment: 'string', cpu: 'Cpu', cpu_shares: 'integer', creation_time: 'date', delete_protected: 'boolean', description: 'string', display: 'Display', high_availability: 'HighAvailability', id: 'string', memory: 'integer', memory_policy: 'MemoryPolicy', name: 'string', origin: 'string', os: 'OperatingSystem', stateless: 'boolean', status: 'enum:TemplateStatus', type: 'enum:VmType', version: 'TemplateVersion' },
    links: ['diskattachments', 'nics', 'permissions'],
  },
  TemplateVersion: {
    attrs: { base_template: 'link:Template', version_name: 'string', version_number: 'integer' },
  },
  Ticket: {
    attrs: { expiry: 'integer', value: 'string' },
  },
  TimeZone: {
    attrs: { name: 'string', utc_offset: 'string' },
  },
  TransparentHugePages: {
    attrs: { enabled: 'boolean' },
  },
  Usb: {
    attrs: { enabled: 'boolean' },
  },
  User: {
    attrs: { id: 'string', user_name: 'string' },
  },
  // types/Session.java: a user logged in to the VM, by the console (console_user) or as the guest agent reports it.
  Session: {
    attrs: { comment: 'string', console_user: 'boolean', description: 'string', id: 'string', ip: 'Ip', name: 'string', protocol: 'string', user: 'link:User', vm: 'link:Vm' },
  },
  Value: {
    attrs: { datum: 'decimal' },
  },
  Version: {
    attrs: { build: 'integer', full_version: 'string', major: 'integer', minor: 'integer', revision: 'integer' },
  },
  Vlan: {
    attrs: { id: 'integer' },
  },
  Vm: {
    attrs: { bios: 'Bios', cluster: 'link:Cluster', comment: 'string', cpu: 'Cpu', cpu_shares: 'integer', creation_time: 'date', delete_protected: 'boolean', description: 'string', disk_attachments: 'link:DiskAttachment[]', display: 'Display', fqdn: 'string', guest_operating_system: 'GuestOperatingSystem', guest_time_zone: 'TimeZone', high_availability: 'HighAvailability', host: 'link:Host', id: 'string', io: 'Io', lease: 'StorageDomainLease', memory: 'integer', memory_policy: 'MemoryPolicy', migration: 'MigrationOptions', name: 'string', next_run_configuration_exists: 'boolean', nics: 'link:Nic[]', numa_tune_mode: 'enum:NumaTuneMode', origin: 'string', original_template: 'link:Template', os: 'OperatingSystem', placement_policy: 'VmPlacementPolicy', reported_devices: 'link:ReportedDevice[]', run_once: 'boolean', sessions: 'link:Session[]', soundcard_enabled: 'boolean', start_paused: 'boolean', start_time: 'date', stateless: 'boolean', statistics: 'link:Statistic[]', status: 'enum:VmStatus', stop_time: 'date', template: 'link:Template', type: 'enum:VmType', usb: 'Usb' },
    links: ['affinitylabels', 'cdroms', 'diskattachments', 'graphicsconsoles', 'nics', 'permissions', 'reporteddevices', 'sessions', 'snapshots', 'statistics'],
    actions: ['cancelmigration', 'clone', 'commitsnapshot', 'export', 'maintenance', 'migrate', 'previewsnapshot', 'reboot', 'reset', 'shutdown', 'start', 'stop', 'suspend', 'ticket', 'undosnapshot'],
  },
  VmPlacementPolicy: {
    attrs: { affinity: 'enum:VmAffinity' },
  },
  VmSummary: {
    attrs: { active: 'integer', migrating: 'integer', total: 'integer' },
  },
  VnicPassThrough: {
    attrs: { mode: 'enum:VnicPassThroughMode' },
  },
  VnicProfile: {
    attrs: { comment: 'string', description: 'string', failover: 'link:VnicProfile', id: 'string', migratable: 'boolean', name: 'string', network: 'link:Network', network_filter: 'link:NetworkFilter', pass_through: 'VnicPassThrough', port_mirroring: 'boolean', qos: 'link:Qos' },
    links: ['permissions'],
  },
  VolumeGroup: {
    attrs: { id: 'string', logical_units: 'LogicalUnit[]' },
  },
};

/**
 * An action's answer (the metamodel's Action): its status, a fault when it failed, the job that
 * runs it, plus the action's own parameters (the service's @In/@Out), by "Service.action".
 */
export const ACTION_COMMON: Record<string, AttrKind> = { status: 'enum:CreationStatus', fault: 'Fault', job: 'link:Job', async: 'boolean' };

export const ACTION_PARAMETERS: Record<string, Record<string, AttrKind>> = {
  'VmService.start': { pause: 'boolean', vm: 'Vm', use_cloud_init: 'boolean', use_sysprep: 'boolean', use_ignition: 'boolean', use_initialization: 'boolean', filter: 'boolean', volatile: 'boolean', attach_wgt: 'boolean', authorized_key: 'AuthorizedKey' },
  'VmService.stop': { force: 'boolean', reason: 'string' },
  'VmService.maintenance': { async: 'boolean', maintenance_enabled: 'boolean' },
  'VmService.migrate': { cluster: 'link:Cluster', force: 'boolean', host: 'link:Host', migrate_vms_in_affinity_closure: 'boolean' },
  'HostService.activate': {},
  'HostService.deactivate': { reason: 'string', stop_gluster_service: 'boolean' },
  'HostService.fence': { fence_type: 'string', power_management: 'PowerManagement', maintenance_after_restart: 'boolean' },
  'VmGraphicsConsoleService.ticket': { ticket: 'Ticket' },
  'HostService.setupnetworks': {
    check_connectivity: 'boolean', commit_on_success: 'boolean', connectivity_timeout: 'integer', modified_bonds: 'HostNic[]', modified_labels: 'NetworkLabel[]',
    modified_network_attachments: 'NetworkAttachment[]', removed_bonds: 'HostNic[]', removed_labels: 'NetworkLabel[]', removed_network_attachments: 'NetworkAttachment[]',
    synchronized_network_attachments: 'NetworkAttachment[]',
  },
  'HostService.commitnetconfig': {},
  'GlusterVolumeService.start': { force: 'boolean', async: 'boolean' },
  'GlusterVolumeService.stop': { force: 'boolean', async: 'boolean' },
  'GlusterVolumeService.setoption': { option: 'Option', async: 'boolean' },
  'GlusterVolumeService.resetoption': { option: 'Option', force: 'boolean', async: 'boolean' },
  'GlusterVolumeService.resetalloptions': { async: 'boolean' },
  'GlusterVolumeService.rebalance': { fix_layout: 'boolean', force: 'boolean', async: 'boolean' },
  'GlusterVolumeService.stoprebalance': { async: 'boolean' },
  'GlusterBricksService.migrate': { bricks: 'GlusterBrick[]', async: 'boolean' },
  'GlusterBricksService.stopmigrate': { bricks: 'GlusterBrick[]', async: 'boolean' },
  'GlusterBricksService.activate': { bricks: 'GlusterBrick[]', async: 'boolean' },
};

/** The metamodel's Fault: the body of an error answer, and `fault` inside a failed action. */
export const FAULT: ModelType = { attrs: { reason: 'string', detail: 'string' } };

export const MODEL_ENUMS: Record<string, readonly string[]> = {
  GlusterBrickStatus: ['down', 'unknown', 'up'],
  GlusterVolumeStatus: ['down', 'unknown', 'up'],
  GlusterVolumeType: ['distribute', 'replicate', 'distributed_replicate', 'stripe', 'distributed_stripe', 'striped_replicate', 'distributed_striped_replicate', 'disperse', 'distributed_disperse'],
  TransportType: ['rdma', 'tcp'],
  Architecture: ['undefined', 'x86_64', 'ppc64', 's390x', 'aarch64', 'loongarch64'],
  BiosType: ['cluster_default', 'i440fx_sea_bios', 'q35_sea_bios', 'q35_ovmf', 'q35_secure_boot'],
  BootDevice: ['cdrom', 'hd', 'network'],
  BootProtocol: ['autoconf', 'dhcp', 'poly_dhcp_autoconf', 'static', 'none'],
  CreationStatus: ['pending', 'in_progress', 'complete', 'failed'],
  DataCenterStatus: ['uninitialized', 'up', 'maintenance', 'not_operational', 'problematic', 'contend'],
  DiskBackup: ['none', 'incremental'],
  DiskContentType: ['data', 'ovf_store', 'memory_dump_volume', 'memory_metadata_volume', 'iso', 'hosted_engine', 'hosted_engine_sanlock', 'hosted_engine_metadata', 'hosted_engine_configuration', 'backup_scratch'],
  DiskFormat: ['cow', 'raw'],
  DiskInterface: ['ide', 'virtio_scsi', 'virtio', 'spapr_vscsi', 'sata'],
  DiskStatus: ['illegal', 'locked', 'ok'],
  DiskStorageType: ['image', 'lun', 'cinder', 'managed_block_storage'],
  DisplayType: ['vnc', 'spice'],
  ExternalStatus: ['error', 'failure', 'info', 'ok', 'warning'],
  FirewallType: ['iptables', 'firewalld'],
  GraphicsType: ['spice', 'vnc'],
  HostProtocol: ['xml', 'stomp'],
  HostStatus: ['down', 'error', 'initializing', 'installing', 'install_failed', 'maintenance', 'non_operational', 'non_responsive', 'pending_approval', 'preparing_for_maintenance', 'connecting', 'reboot', 'unassigned', 'up', 'installing_os', 'kdumping'],
  HostType: ['rhel', 'rhev_h', 'ovirt_node'],
  InheritableBoolean: ['true', 'false', 'inherit'],
  IpVersion: ['v4', 'v6'],
  ReportedDeviceType: ['network'],
  JobStatus: ['aborted', 'failed', 'finished', 'started', 'unknown'],
  KdumpStatus: ['unknown', 'disabled', 'enabled'],
  LogSeverity: ['normal', 'warning', 'error', 'alert'],
  NetworkUsage: ['default_route', 'display', 'gluster', 'management', 'migration', 'vm'],
  NicStatus: ['down', 'up'],
  NfsVersion: ['auto', 'v3', 'v4', 'v4_0', 'v4_1', 'v4_2'],
  NicInterface: ['e1000', 'e1000e', 'virtio', 'rtl8139', 'rtl8139_virtio', 'spapr_vlan', 'pci_passthrough'],
  NumaTuneMode: ['strict', 'interleave', 'preferred'],
  QcowVersion: ['qcow2_v2', 'qcow2_v3'],
  QosType: ['storage', 'cpu', 'network', 'hostnetwork'],
  QuotaModeType: ['enabled', 'disabled', 'audit'],
  SeLinuxMode: ['enforcing', 'permissive', 'disabled'],
  SnapshotStatus: ['ok', 'locked', 'in_preview'],
  SnapshotType: ['regular', 'active', 'stateless', 'preview'],
  SpmStatus: ['none', 'contending', 'spm'],
  StatisticKind: ['counter', 'gauge'],
  StatisticUnit: ['bits_per_second', 'bytes', 'bytes_per_second', 'count_per_second', 'none', 'percent', 'seconds'],
  StepEnum: ['validating', 'executing', 'finalizing', 'rebalancing_volume', 'removing_bricks', 'unknown'],
  StepStatus: ['aborted', 'failed', 'finished', 'started', 'unknown'],
  StorageDomainStatus: ['active', 'inactive', 'locked', 'mixed', 'unattached', 'maintenance', 'preparing_for_maintenance', 'detaching', 'activating', 'unknown'],
  StorageDomainType: ['data', 'iso', 'export', 'image', 'volume', 'managed_block_storage'],
  StorageFormat: ['v1', 'v2', 'v3', 'v4', 'v5'],
  StorageType: ['iscsi', 'fcp', 'nfs', 'localfs', 'posixfs', 'glusterfs', 'glance', 'cinder', 'managed_block_storage'],
  SwitchType: ['legacy', 'ovs'],
  TemplateStatus: ['illegal', 'locked', 'ok'],
  ValueType: ['decimal', 'integer', 'string'],
  VmAffinity: ['migratable', 'user_migratable', 'pinned'],
  VmStatus: ['unassigned', 'down', 'up', 'powering_up', 'paused', 'migrating', 'unknown', 'not_responding', 'wait_for_launch', 'reboot_in_progress', 'saving_state', 'restoring_state', 'suspended', 'image_locked', 'powering_down'],
  VmType: ['desktop', 'server', 'high_performance'],
  VnicPassThroughMode: ['enabled', 'disabled'],
};
