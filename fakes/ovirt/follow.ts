/**
 * Rendering with `follow=`: each kind knows its wire form and which links can be followed. A
 * followed reference (`host`) is replaced by the full object; a followed list (`nics`) is embedded
 * under its attribute name with the usual wrapper (`"nics":{"nic":[…]}`). Paths nest with dots
 * (`disk_attachments.disk`). Link names match with or without underscores (`diskattachments`),
 * since the engine's link rels drop them.
 */
import { badRequest } from './errors';
import { DEFAULT_FILTER } from './network-filters';
import type {
  Cluster, DataCenter, Disk, DiskAttachment, EngineEvent, Host, Job, Network, Nic, Permission, Snapshot, Step, StorageDomain, Template, User, Vm, VnicProfile,
} from './model';
import type { ExportedVm } from './store';
import {
  cdromWire, clusterWire, collection, dataCenterWire, diskAttachmentWire, diskWire, eventWire, graphicsConsoleWire, hostStatistics, hostWire,
  jobWire, networkFilterWire, networkWire, nicWire, permissionWire, reportedDevicesWire, sessionsWire,
  roleWire, snapshotWire, stepWire, storageDomainWire, templateNicWire,
  templateWire, userWire, vmStatistics, vmWire, vnicProfileWire, type Wire, type WireCtx,
} from './wire';

export type FollowTree = Map<string, FollowTree>;

export function parseFollow(spec: string | null): FollowTree | null {
  if (!spec) return null;
  const root: FollowTree = new Map();
  for (const path of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    let node = root;
    for (const part of path.split('.')) {
      const key = part.toLowerCase();
      let next = node.get(key);
      if (!next) node.set(key, (next = new Map()));
      node = next;
    }
  }
  return root;
}

// Any value the registry can render; each kind narrows it.
type Obj = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Rel {
  /** Attribute name in the wire object. */
  key: string;
  kind: KindName;
  /** Wrapper for lists; absent for single references. */
  wrapper?: string;
  resolve: (obj: Obj, ctx: WireCtx) => Obj | Obj[] | undefined;
}

interface KindDef {
  wire: (obj: Obj, ctx: WireCtx) => Wire;
  visible?: (obj: Obj, ctx: WireCtx) => boolean;
  rels: Rel[];
}

const one = (key: string, kind: KindName, resolve: Rel['resolve']): Rel => ({ key, kind, resolve });
const many = (key: string, kind: KindName, wrapper: string, resolve: Rel['resolve']): Rel => ({ key, kind, wrapper, resolve });

export type KindName =
  | 'vm' | 'exported_vm' | 'host' | 'cluster' | 'data_center' | 'storage_domain' | 'dc_storage_domain' | 'template' | 'disk'
  | 'disk_attachment' | 'exported_disk_attachment' | 'nic' | 'snapshot' | 'network' | 'vnic_profile' | 'event' | 'job' | 'step'
  | 'network_filter' | 'permission' | 'user' | 'role' | 'raw';

/** Pre-rendered wire objects (statistics, consoles, …) pass through unchanged. */
const RAW: KindDef = { wire: (w: Wire) => w, rels: [] };

export const KINDS: Record<KindName, KindDef> = {
  raw: RAW,
  vm: {
    wire: (vm: Vm, ctx) => vmWire(vm, ctx),
    visible: (vm: Vm, ctx) => ctx.access.vm(vm),
    rels: [
      one('host', 'host', (vm: Vm, ctx) => (vm.hostId ? ctx.store.hosts.get(vm.hostId) : undefined)),
      one('cluster', 'cluster', (vm: Vm, ctx) => ctx.store.clusters.get(vm.clusterId)),
      one('template', 'template', (vm: Vm, ctx) => ctx.store.templates.get(vm.templateId)),
      one('original_template', 'template', (vm: Vm, ctx) => ctx.store.templates.get(vm.originalTemplateId)),
      many('disk_attachments', 'disk_attachment', 'disk_attachment', (vm: Vm, ctx) => ctx.store.attachmentsOf(vm.id)),
      many('nics', 'nic', 'nic', (vm: Vm, ctx) => ctx.store.nicsOf(vm.id)),
      many('snapshots', 'snapshot', 'snapshot', (vm: Vm, ctx) => ctx.store.snapshotsOf(vm.id)),
      many('graphics_consoles', 'raw', 'graphics_console', (vm: Vm, ctx) => [graphicsConsoleWire(vm, ctx)]),
      many('statistics', 'raw', 'statistic', (vm: Vm, ctx) => vmStatistics(vm, ctx)),
      many('reported_devices', 'raw', 'reported_device', (vm: Vm, ctx) => reportedDevicesWire(vm, ctx)),
      many('sessions', 'raw', 'session', (vm: Vm) => sessionsWire(vm)),
      many('cdroms', 'raw', 'cdrom', (vm: Vm) => [cdromWire(vm)]),
      many('permissions', 'permission', 'permission', (vm: Vm, ctx) => ctx.store.permissionsOn(vm.id)),
    ],
  },
  exported_vm: {
    wire: (e: ExportedVm, ctx) => vmWire(e.vm, ctx),
    rels: [
      many('disk_attachments', 'exported_disk_attachment', 'disk_attachment', (e: ExportedVm) => e.disks.map((d) => ({ ...d, sdId: e.vm.exportDomainId }))),
      many('nics', 'raw', 'nic', (e: ExportedVm) => e.nics.map((n) => nicWire(n, e.vm.exportDomainId))),
    ],
  },
  exported_disk_attachment: {
    wire: (d: { attachment: DiskAttachment; sdId: string }) => diskAttachmentWire(d.attachment, d.sdId),
    rels: [one('disk', 'disk', (d: { disk: Disk }) => d.disk)],
  },
  host: {
    wire: (h: Host, ctx) => hostWire(h, ctx),
    visible: (h: Host, ctx) => ctx.access.host(h),
    rels: [
      one('cluster', 'cluster', (h: Host, ctx) => ctx.store.clusters.get(h.clusterId)),
      many('statistics', 'raw', 'statistic', (h: Host, ctx) => hostStatistics(h, ctx)),
      many('permissions', 'permission', 'permission', (h: Host, ctx) => ctx.store.permissionsOn(h.id)),
    ],
  },
  cluster: {
    wire: (c: Cluster) => clusterWire(c),
    visible: (c: Cluster, ctx) => ctx.access.cluster(c),
    rels: [
      one('data_center', 'data_center', (c: Cluster, ctx) => ctx.store.dataCenters.get(c.dataCenterId)),
      many('networks', 'network', 'network', (c: Cluster, ctx) => [...ctx.store.networksByDc.get(c.dataCenterId)].map((id) => ctx.store.networks.get(id))),
      many('permissions', 'permission', 'permission', (c: Cluster, ctx) => ctx.store.permissionsOn(c.id)),
    ],
  },
  data_center: {
    wire: (dc: DataCenter) => dataCenterWire(dc),
    visible: (dc: DataCenter, ctx) => ctx.access.dataCenter(dc),
    rels: [
      many('clusters', 'cluster', 'cluster', (dc: DataCenter, ctx) => [...ctx.store.clustersByDc.get(dc.id)].map((id) => ctx.store.clusters.get(id))),
      many('networks', 'network', 'network', (dc: DataCenter, ctx) => [...ctx.store.networksByDc.get(dc.id)].map((id) => ctx.store.networks.get(id))),
      many('storage_domains', 'dc_storage_domain', 'storage_domain', (dc: DataCenter, ctx) =>
        ctx.store.storageDomains.ordered().filter((sd) => sd.dataCenterId === dc.id).map((sd) => ({ sd, dcId: dc.id }))),
      many('permissions', 'permission', 'permission', (dc: DataCenter, ctx) => ctx.store.permissionsOn(dc.id)),
    ],
  },
  storage_domain: {
    wire: (sd: StorageDomain, ctx) => storageDomainWire(sd, ctx),
    visible: (sd: StorageDomain, ctx) => ctx.access.storageDomain(sd),
    rels: [
      many('data_centers', 'data_center', 'data_center', (sd: StorageDomain, ctx) => (sd.dataCenterId ? [ctx.store.dataCenters.get(sd.dataCenterId)] : [])),
      many('disks', 'disk', 'disk', (sd: StorageDomain, ctx) => [...ctx.store.disksBySd.get(sd.id)].map((id) => ctx.store.disks.get(id))),
      many('permissions', 'permission', 'permission', (sd: StorageDomain, ctx) => ctx.store.permissionsOn(sd.id)),
    ],
  },
  dc_storage_domain: {
    wire: (x: { sd: StorageDomain; dcId: string }, ctx) => storageDomainWire(x.sd, ctx, x.dcId),
    visible: (x: { sd: StorageDomain }, ctx) => ctx.access.storageDomain(x.sd),
    rels: [
      one('data_center', 'data_center', (x: { dcId: string }, ctx) => ctx.store.dataCenters.get(x.dcId)),
      many('disks', 'disk', 'disk', (x: { sd: StorageDomain }, ctx) => [...ctx.store.disksBySd.get(x.sd.id)].map((id) => ctx.store.disks.get(id))),
    ],
  },
  template: {
    wire: (t: Template, ctx) => templateWire(t, ctx),
    visible: (t: Template, ctx) => ctx.access.template(t),
    rels: [
      one('cluster', 'cluster', (t: Template, ctx) => (t.clusterId ? ctx.store.clusters.get(t.clusterId) : undefined)),
      many('disk_attachments', 'disk_attachment', 'disk_attachment', (t: Template, ctx) => ctx.store.attachmentsOf(t.id)),
      many('nics', 'raw', 'nic', (t: Template, ctx) => templateNics(t, ctx)),
      many('permissions', 'permission', 'permission', (t: Template, ctx) => ctx.store.permissionsOn(t.id)),
    ],
  },
  disk: {
    wire: (d: Disk) => diskWire(d),
    visible: (d: Disk, ctx) => ctx.access.disk(d),
    rels: [
      many('storage_domains', 'storage_domain', 'storage_domain', (d: Disk, ctx) => [ctx.store.storageDomains.get(d.storageDomainId)]),
      many('permissions', 'permission', 'permission', (d: Disk, ctx) => ctx.store.permissionsOn(d.id)),
    ],
  },
  disk_attachment: {
    wire: (a: DiskAttachment) => diskAttachmentWire(a),
    rels: [
      // A template's disk attachments point at its disks too; embed them without a visibility check
      // (whoever sees the template or VM may see its disks).
      one('disk', 'disk', (a: DiskAttachment, ctx) => ctx.store.disks.get(a.diskId)),
      one('vm', 'vm', (a: DiskAttachment, ctx) => (a.ownerKind === 'vm' ? ctx.store.vms.get(a.ownerId) : undefined)),
      one('template', 'template', (a: DiskAttachment, ctx) => (a.ownerKind === 'template' ? ctx.store.templates.get(a.ownerId) : undefined)),
    ],
  },
  nic: {
    wire: (n: Nic) => nicWire(n),
    rels: [
      one('vnic_profile', 'vnic_profile', (n: Nic, ctx) => (n.vnicProfileId ? ctx.store.vnicProfiles.get(n.vnicProfileId) : undefined)),
      one('vm', 'vm', (n: Nic, ctx) => ctx.store.vms.get(n.vmId)),
    ],
  },
  snapshot: {
    wire: (s: Snapshot) => snapshotWire(s),
    rels: [one('vm', 'vm', (s: Snapshot, ctx) => ctx.store.vms.get(s.vmId))],
  },
  network: {
    wire: (n: Network, ctx) => networkWire(n, n.qosId ? ctx.store.qoss.get(n.qosId) : undefined),
    visible: (n: Network, ctx) => ctx.access.network(n),
    rels: [
      one('data_center', 'data_center', (n: Network, ctx) => ctx.store.dataCenters.get(n.dataCenterId)),
      many('vnic_profiles', 'vnic_profile', 'vnic_profile', (n: Network, ctx) => [...ctx.store.profilesByNetwork.get(n.id)].map((id) => ctx.store.vnicProfiles.get(id))),
      many('permissions', 'permission', 'permission', (n: Network, ctx) => ctx.store.permissionsOn(n.id)),
    ],
  },
  vnic_profile: {
    wire: (p: VnicProfile, ctx) => vnicProfileWire(p, p.qosId ? ctx.store.qoss.get(p.qosId) : undefined),
    // A NIC's profile is readable by whoever sees the NIC's VM, even without a profile permission.
    rels: [
      one('network', 'network', (p: VnicProfile, ctx) => ctx.store.networks.get(p.networkId)),
      // The filter's name (its wire stores the name); null = no filter, undefined = the default one.
      one('network_filter', 'network_filter', (p: VnicProfile) => (p.networkFilter === null ? undefined : p.networkFilter ?? DEFAULT_FILTER)),
      many('permissions', 'permission', 'permission', (p: VnicProfile, ctx) => ctx.store.permissionsOn(p.id)),
    ],
  },
  network_filter: { wire: (name: string) => networkFilterWire(name), rels: [] },
  event: {
    wire: (e: EngineEvent) => eventWire(e),
    visible: (e: EngineEvent, ctx) => ctx.access.event(e),
    rels: [
      one('vm', 'vm', (e: EngineEvent, ctx) => (e.vmId ? ctx.store.vms.get(e.vmId) : undefined)),
      one('host', 'host', (e: EngineEvent, ctx) => (e.hostId ? ctx.store.hosts.get(e.hostId) : undefined)),
      one('cluster', 'cluster', (e: EngineEvent, ctx) => (e.clusterId ? ctx.store.clusters.get(e.clusterId) : undefined)),
      one('data_center', 'data_center', (e: EngineEvent, ctx) => (e.dataCenterId ? ctx.store.dataCenters.get(e.dataCenterId) : undefined)),
      one('storage_domain', 'storage_domain', (e: EngineEvent, ctx) => (e.storageDomainId ? ctx.store.storageDomains.get(e.storageDomainId) : undefined)),
      one('template', 'template', (e: EngineEvent, ctx) => (e.templateId ? ctx.store.templates.get(e.templateId) : undefined)),
      one('user', 'user', (e: EngineEvent, ctx) => (e.userId ? ctx.store.users.get(e.userId) : undefined)),
    ],
  },
  job: {
    wire: (j: Job) => jobWire(j),
    visible: (j: Job, ctx) => ctx.access.job(j),
    rels: [
      many('steps', 'step', 'step', (j: Job) => j.steps),
      one('owner', 'user', (j: Job, ctx) => ctx.store.users.get(j.ownerId)),
    ],
  },
  step: {
    wire: (s: Step) => stepWire(s),
    rels: [one('job', 'job', (s: Step, ctx) => ctx.store.jobs.get(s.jobId))],
  },
  permission: {
    wire: (p: Permission) => permissionWire(p),
    visible: (p: Permission, ctx) => ctx.access.permission(p),
    rels: [
      one('role', 'role', (p: Permission, ctx) => ctx.store.roles.get(p.roleId)),
      one('user', 'user', (p: Permission, ctx) => (p.principalKind === 'user' ? ctx.store.users.get(p.principalId) : undefined)),
    ],
  },
  user: {
    wire: (u: User) => userWire(u),
    visible: (u: User, ctx) => ctx.access.userEntity(u),
    rels: [many('permissions', 'permission', 'permission', (u: User, ctx) => ctx.store.permissionsOf(u.id))],
  },
  role: { wire: (r) => roleWire(r), rels: [] },
};

function templateNics(t: Template, ctx: WireCtx): Wire[] {
  const dcId = t.clusterId ? ctx.store.clusters.get(t.clusterId)?.dataCenterId : undefined;
  return t.nics.map((n) => {
    let profileId: string | null = null;
    for (const p of ctx.store.vnicProfiles.values()) {
      const net = ctx.store.networks.get(p.networkId);
      if (p.name === n.vnicProfileName && net?.dataCenterId === dcId) profileId = p.id;
    }
    return templateNicWire(t, n, profileId);
  });
}

export function templateNicsWire(t: Template, ctx: WireCtx): Wire[] {
  return templateNics(t, ctx);
}

const norm = (s: string): string => s.replace(/_/g, '').toLowerCase();

/** Render one object of `kind`, embedding whatever `follow` asks for. */
export function render(kind: KindName, obj: Obj, ctx: WireCtx, follow: FollowTree | null): Wire {
  const def = KINDS[kind];
  const w = def.wire(obj, ctx);
  if (!follow) return w;
  for (const [name, sub] of follow) {
    const rel = def.rels.find((r) => norm(r.key) === norm(name));
    if (!rel) {
      throw badRequest(`Can't follow link '${name}': it is not a link of this object. Links that can be followed: ${def.rels.map((r) => r.key).join(', ') || 'none'}.`);
    }
    const target = KINDS[rel.kind];
    const show = (o: Obj) => o != null && (!target.visible || target.visible(o, ctx));
    const next = sub.size ? sub : null;
    const resolved = rel.resolve(obj, ctx);
    if (rel.wrapper) {
      const items = ((resolved ?? []) as Obj[]).filter(show).map((o) => render(rel.kind, o, ctx, next));
      w[rel.key] = collection(rel.wrapper, items);
    } else if (show(resolved)) {
      w[rel.key] = render(rel.kind, resolved, ctx, next);
    }
  }
  return w;
}
