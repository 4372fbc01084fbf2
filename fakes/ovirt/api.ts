/**
 * The REST API under /ovirt-engine/api: a route table, the generic list/get machinery (search,
 * sortby, paging, follow) and the handlers that call into the operations.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Access } from './access';
import { type Actor, type Body, type Engine, asInt, asObj, asStr, isRunning, lookup } from './engine';
import { Fault, badRequest, conflict, forbidden, incomplete, notFound } from './errors';
import { EventCode, removeEvent } from './events';
import type { SearchSpec, SearchSpecs } from './fields';
import { type FollowTree, type KindName, render, templateNicsWire } from './follow';
import { hostActivate, hostDeactivate, hostFence } from './host-ops';
import { vmMaintenance } from './hosted-engine';
import { updateCluster, updateDataCenter } from './infra-ops';
import { registerAffinityRoutes } from './affinity';
import { registerSshKeyRoutes } from './ssh-keys';
import { registerGlusterRoutes } from './gluster-routes';
import { registerInfraRoutes } from './infra-routes';
import { registerNetworkRoutes } from './network-routes';
import type { Disk, Permission, PermissionTarget, Severity, StorageDomain, Vm } from './model';
import { compileSearch, parseSearch } from './search';
import { BLANK_TEMPLATE_ID } from './seed';
import {
  activateStorageDomain, attachDisk, attachStorageDomain, createDisk, deactivateStorageDomain, detachDisk, detachStorageDomain, removeDisk, updateDisk,
} from './storage-ops';
import { createTransfer, transferAction } from './transfer-ops';
import {
  addNic, addSnapshot, addTemplate, addVm, commitSnapshot, consoleFile, importTemplate, importVm, previewSnapshot, removeNic, removeSnapshot,
  removeTemplate, removeVm, restoreSnapshot, snapshotsHoldingDisk, undoSnapshot, updateAttachment, updateNic, updateTemplate, updateVm, vmCancelMigration, vmClone,
  vmExport, vmMigrate, vmReboot, vmReset, vmShutdown, vmStart, vmStop, vmSuspend, vmTicket,
} from './vm-ops';
import {
  API, type Wire, type WireCtx, cdromWire, collection, consoleId, fileWire, graphicsConsoleWire, hostStatistics, href, imageTransferWire, nicWire, ref,
  reportedDevicesWire, sessionsWire, storageDomainWire, vmStatistics,
} from './wire';

export interface Ctx {
  e: Engine;
  specs: SearchSpecs;
  actor: Actor;
  access: Access;
  filter: boolean;
  wire: WireCtx;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Body;
  headers: IncomingHttpHeaders;
  follow: FollowTree | null;
}

export interface Reply { status: number; body?: Wire | string | null; headers?: Record<string, string> }
type Handler = (c: Ctx) => Reply | Promise<Reply>;

interface Route { method: string; parts: string[]; key: string; handler: Handler }

export class Router {
  private routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    const parts = pattern.split('/').filter(Boolean);
    const key = `${method} /${parts.map((p) => (p.startsWith(':') ? `{${p.slice(1)}}` : p)).join('/')}`;
    this.routes.push({ method, parts, key, handler });
    return this;
  }

  /**
   * The route for a path, `'method'` when the path exists for another method only, else null.
   * Literal segments beat parameters, so `/vms/{id}/snapshots` wins over `/vms/{id}/{action}`.
   */
  match(method: string, segments: string[]): { route: Route; params: Record<string, string> } | 'method' | null {
    let pathMatched = false;
    let best: { route: Route; params: Record<string, string>; literals: number } | null = null;
    for (const r of this.routes) {
      if (r.parts.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < r.parts.length; i++) {
        const p = r.parts[i];
        if (p.startsWith(':')) params[p.slice(1)] = segments[i];
        else if (p === segments[i]) literals++;
        else { ok = false; break; }
      }
      if (!ok) continue;
      pathMatched = true;
      if (r.method === method && (!best || literals > best.literals)) best = { route: r, params, literals };
    }
    if (best) return { route: best.route, params: best.params };
    return pathMatched ? 'method' : null;
  }
}

// ---------------------------------------------------------------- generic helpers

const ok = (body: Wire, status = 200, headers?: Record<string, string>): Reply => ({ status, body, headers });
/** The engine answers a successful DELETE with 200 and no body. */
const deleted = (): Reply => ({ status: 200, body: null });
const created = (body: Wire, status = 201): Reply => ({ status, body, headers: { location: String(body.href ?? '') } });

function show(c: Ctx, kind: KindName, obj: unknown): Reply {
  return ok(render(kind, obj, c.wire, c.follow));
}

function parseMax(c: Ctx): number {
  const raw = c.query.get('max');
  if (raw === null || raw === '') return -1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < -1) throw badRequest(`Invalid value '${raw}' for parameter 'max'.`);
  return n;
}

interface ListOpts<T> {
  spec?: SearchSpec<T> | null;
  visible?: (row: T) => boolean;
  wrap?: (row: T) => unknown;
  name: string;
}

/**
 * A collection answer: visibility → search → sortby → page/max → render (with follow). Without a
 * sortby the scan stops as soon as the requested page is full, so `max=50` on 10,000 VMs is cheap.
 */
function list<T>(c: Ctx, rows: Iterable<T>, kind: KindName, wrapper: string, o: ListOpts<T>): Reply {
  const search = c.query.get('search');
  let predicate: ((row: T) => boolean) | null = null;
  let comparator: ((a: T, b: T) => number) | null = null;
  let page = 1;
  if (search && search.trim()) {
    if (!o.spec) throw badRequest(`Searching is not supported for ${o.name}.`);
    const q = parseSearch(search);
    ({ predicate, comparator } = compileSearch(q, o.spec.fields, o.name, o.spec.freeText));
    page = q.page ?? 1;
  }
  let max = parseMax(c);
  if (page > 1 && max < 0) max = 100; // "page N" without max: the engine's default page size
  const skip = max < 0 ? 0 : (page - 1) * max;
  const need = comparator || max < 0 ? Infinity : skip + max;
  const hits: T[] = [];
  for (const row of rows) {
    if (o.visible && !o.visible(row)) continue;
    if (predicate && !predicate(row)) continue;
    hits.push(row);
    if (hits.length >= need) break;
  }
  if (comparator) hits.sort(comparator);
  const slice = max < 0 ? hits : hits.slice(skip, skip + max);
  return ok(collection(wrapper, slice.map((row) => render(kind, o.wrap ? o.wrap(row) : row, c.wire, c.follow))));
}

function found<T>(row: T | undefined | null, visible: boolean | ((r: T) => boolean), id: string): T {
  if (row == null || !(typeof visible === 'function' ? visible(row) : visible)) throw notFound(id);
  return row;
}

const getVm = (c: Ctx, id = c.params.id) => found(c.e.store.vms.get(id), (v) => c.access.vm(v), id);
const getHost = (c: Ctx, id = c.params.id) => found(c.e.store.hosts.get(id), (h) => c.access.host(h), id);
const getCluster = (c: Ctx, id = c.params.id) => found(c.e.store.clusters.get(id), (x) => c.access.cluster(x), id);
const getDc = (c: Ctx, id = c.params.id) => found(c.e.store.dataCenters.get(id), (x) => c.access.dataCenter(x), id);
const getSd = (c: Ctx, id = c.params.id) => found(c.e.store.storageDomains.get(id), (x) => c.access.storageDomain(x), id);
const getTemplate = (c: Ctx, id = c.params.id) => found(c.e.store.templates.get(id), (x) => c.access.template(x), id);
const getDisk = (c: Ctx, id = c.params.id) => found(c.e.store.disks.get(id), (x) => c.access.disk(x), id);

/** Writes on a VM need admin rights or a permission on it (the owner's UserVmManager role). */
function manageVm(c: Ctx, vm: Vm): void {
  if (!c.access.hasPermissionOn(vm.id)) throw forbidden();
}

function adminOnly(c: Ctx): void {
  if (!c.actor.user.admin) throw forbidden();
}

function* descending<T>(rows: readonly T[]): Generator<T> {
  for (let i = rows.length - 1; i >= 0; i--) yield rows[i];
}

const DC_SD = (sd: StorageDomain) => ({ sd, dcId: sd.dataCenterId! });

// ---------------------------------------------------------------- routes

export function buildRouter(): Router {
  const r = new Router();

  // Root: product info, summary, who you are.
  r.add('GET', '/', (c) => {
    const s = c.e.store;
    const a = c.access;
    const vms = [...s.vms.values()].filter((v) => a.vm(v));
    const hosts = [...s.hosts.values()].filter((h) => a.host(h));
    const sds = [...s.storageDomains.values()].filter((d) => a.storageDomain(d));
    const users = [...s.users.values()].filter((u) => a.userEntity(u));
    const count = (active: number, total: number) => ({ active: String(active), total: String(total) });
    const rels = ['clusters', 'datacenters', 'disks', 'events', 'hosts', 'imagetransfers', 'jobs', 'networks', 'permissions', 'roles', 'storagedomains', 'templates', 'users', 'vms', 'vnicprofiles'];
    const searchable = ['clusters', 'datacenters', 'disks', 'events', 'hosts', 'networks', 'storagedomains', 'templates', 'users', 'vms'];
    return ok({
      product_info: { instance_id: c.e.instanceId, name: 'oVirt Engine', vendor: 'ovirt.org', version: { build: '6', full_version: '4.5.6-1.el9', major: '4', minor: '5', revision: '0' } },
      special_objects: { blank_template: ref('templates', BLANK_TEMPLATE_ID) },
      summary: {
        hosts: count(hosts.filter((h) => h.status === 'up').length, hosts.length),
        storage_domains: count(sds.filter((d) => d.status === 'active').length, sds.length),
        users: count(users.length, users.length),
        vms: count(vms.filter((v) => isRunning(v)).length, vms.length),
      },
      time: Date.now(),
      authenticated_user: ref('users', c.actor.user.id),
      effective_user: ref('users', c.actor.user.id),
      link: [
        ...rels.map((rel) => ({ href: href(rel), rel })),
        ...searchable.map((rel) => ({ href: `${API}/${rel}?search={query}`, rel: `${rel}/search` })),
      ],
    });
  });

  // ---- data centers
  r.add('GET', '/datacenters', (c) => list(c, c.e.store.dataCenters.ordered(), 'data_center', 'data_center', { spec: c.specs.dataCenters, visible: (x) => c.access.dataCenter(x), name: 'datacenters' }));
  r.add('GET', '/datacenters/:id', (c) => show(c, 'data_center', getDc(c)));
  r.add('PUT', '/datacenters/:id', (c) => {
    adminOnly(c);
    const dc = getDc(c);
    updateDataCenter(c.e, c.actor, dc, c.body);
    return show(c, 'data_center', dc);
  });
  r.add('GET', '/datacenters/:id/clusters', (c) => {
    const dc = getDc(c);
    return list(c, [...c.e.store.clustersByDc.get(dc.id)].map((id) => c.e.store.clusters.get(id)!), 'cluster', 'cluster', { spec: c.specs.clusters, visible: (x) => c.access.cluster(x), name: 'clusters' });
  });
  r.add('GET', '/datacenters/:id/networks', (c) => {
    const dc = getDc(c);
    return list(c, [...c.e.store.networksByDc.get(dc.id)].map((id) => c.e.store.networks.get(id)!), 'network', 'network', { spec: c.specs.networks, visible: (x) => c.access.network(x), name: 'networks' });
  });
  r.add('GET', '/datacenters/:id/storagedomains', (c) => {
    const dc = getDc(c);
    const rows = c.e.store.storageDomains.ordered().filter((sd) => sd.dataCenterId === dc.id);
    return list(c, rows, 'dc_storage_domain', 'storage_domain', { spec: c.specs.storageDomains, visible: (x) => c.access.storageDomain(x), wrap: DC_SD, name: 'storagedomains' });
  });
  const dcSd = (c: Ctx) => {
    const dc = getDc(c);
    const sd = getSd(c, c.params.sd);
    if (sd.dataCenterId !== dc.id) throw notFound(c.params.sd);
    return { dc, sd };
  };
  r.add('GET', '/datacenters/:id/storagedomains/:sd', (c) => show(c, 'dc_storage_domain', DC_SD(dcSd(c).sd)));
  r.add('POST', '/datacenters/:id/storagedomains', (c) => {
    const dc = getDc(c);
    const sd = attachStorageDomain(c.e, c.actor, dc, c.body);
    return created(storageDomainWire(sd, c.wire, dc.id));
  });
  r.add('DELETE', '/datacenters/:id/storagedomains/:sd', (c) => {
    const { dc, sd } = dcSd(c);
    detachStorageDomain(c.e, c.actor, dc, sd);
    return deleted();
  });
  r.add('POST', '/datacenters/:id/storagedomains/:sd/:action', (c) => {
    const { dc, sd } = dcSd(c);
    const job = c.params.action === 'activate' ? activateStorageDomain(c.e, c.actor, dc, sd)
      : c.params.action === 'deactivate' ? deactivateStorageDomain(c.e, c.actor, dc, sd)
      : null;
    if (!job) throw notFound(c.params.action);
    return ok({ async: 'false', status: 'complete', job: ref('jobs', job.id) });
  });

  // ---- clusters
  r.add('GET', '/clusters', (c) => list(c, c.e.store.clusters.ordered(), 'cluster', 'cluster', { spec: c.specs.clusters, visible: (x) => c.access.cluster(x), name: 'clusters' }));
  r.add('GET', '/clusters/:id', (c) => show(c, 'cluster', getCluster(c)));
  r.add('PUT', '/clusters/:id', (c) => {
    adminOnly(c);
    const cl = getCluster(c);
    updateCluster(c.e, c.actor, cl, c.body);
    return show(c, 'cluster', cl);
  });

  // ---- hosts
  r.add('GET', '/hosts', (c) => list(c, c.e.store.hosts.ordered(), 'host', 'host', { spec: c.specs.hosts, visible: (x) => c.access.host(x), name: 'hosts' }));
  r.add('GET', '/hosts/:id', (c) => show(c, 'host', getHost(c)));
  r.add('PUT', '/hosts/:id', (c) => {
    adminOnly(c);
    const h = getHost(c);
    renameSimple(c, h, 'Host', c.e.store.hosts.ordered());
    return show(c, 'host', h);
  });
  r.add('GET', '/hosts/:id/statistics', (c) => ok(collection('statistic', hostStatistics(getHost(c), c.wire))));
  r.add('GET', '/hosts/:id/statistics/:sid', (c) => ok(found(hostStatistics(getHost(c), c.wire).find((s) => s.id === c.params.sid), true, c.params.sid)));
  r.add('POST', '/hosts/:id/:action', (c) => {
    const h = getHost(c);
    const res = c.params.action === 'activate' ? hostActivate(c.e, c.actor, h)
      : c.params.action === 'deactivate' ? hostDeactivate(c.e, c.actor, h)
      : c.params.action === 'fence' ? hostFence(c.e, c.actor, h, c.body)
      : null;
    if (!res) throw notFound(c.params.action);
    return ok(res.body, res.status);
  });

  // ---- storage domains
  r.add('GET', '/storagedomains', (c) => list(c, c.e.store.storageDomains.ordered(), 'storage_domain', 'storage_domain', { spec: c.specs.storageDomains, visible: (x) => c.access.storageDomain(x), name: 'storagedomains' }));
  r.add('GET', '/storagedomains/:id', (c) => show(c, 'storage_domain', getSd(c)));
  r.add('PUT', '/storagedomains/:id', (c) => {
    adminOnly(c);
    const sd = getSd(c);
    renameSimple(c, sd, 'Storage Domain', c.e.store.storageDomains.ordered());
    return show(c, 'storage_domain', sd);
  });
  r.add('GET', '/storagedomains/:id/disks', (c) => {
    const sd = getSd(c);
    const rows = sd.type === 'export'
      ? [...(c.e.store.exportVms.get(sd.id)?.values() ?? [])].flatMap((x) => x.disks.map((d) => d.disk))
      : [...c.e.store.disksBySd.get(sd.id)].map((id) => c.e.store.disks.get(id)!);
    return list(c, rows, 'disk', 'disk', { spec: c.specs.disks, name: 'disks' });
  });
  r.add('GET', '/storagedomains/:id/disks/:did', (c) => {
    const sd = getSd(c);
    const d = c.e.store.disks.get(c.params.did);
    if (!d || d.storageDomainId !== sd.id) throw notFound(c.params.did);
    return show(c, 'disk', d);
  });
  r.add('GET', '/storagedomains/:id/files', (c) => {
    const sd = getSd(c);
    // Data domains (4.4+) list their ISO disks as files; ISO domains list their files.
    const files = sd.type === 'iso' ? c.e.store.isoFiles.get(sd.id) ?? []
      : sd.type === 'data' ? [...c.e.store.disksBySd.get(sd.id)].map((id) => c.e.store.disks.get(id)!).filter((d) => d.contentType === 'iso' && d.status === 'ok').map((d) => ({ id: d.id, name: d.alias, size: d.actualSize }))
      : [];
    return list(c, files.map((f) => fileWire(sd.id, f)), 'raw', 'file', { name: 'files' });
  });
  r.add('GET', '/storagedomains/:id/files/:fid', (c) => {
    const sd = getSd(c);
    const f = (c.e.store.isoFiles.get(sd.id) ?? []).find((x) => x.id === c.params.fid);
    return ok(fileWire(sd.id, found(f, true, c.params.fid)));
  });
  r.add('GET', '/storagedomains/:id/vms', (c) => {
    const sd = getSd(c);
    if (sd.type === 'export') return list(c, [...(c.e.store.exportVms.get(sd.id)?.values() ?? [])], 'exported_vm', 'vm', { name: 'vms' });
    const vms = new Set<Vm>();
    for (const id of c.e.store.disksBySd.get(sd.id)) {
      const vm = c.e.store.vmOfDisk(id);
      if (vm) vms.add(vm);
    }
    return list(c, vms, 'vm', 'vm', { spec: c.specs.vms, visible: (v) => c.access.vm(v), name: 'vms' });
  });
  const exported = (c: Ctx) => {
    const sd = getSd(c);
    const x = c.e.store.exportVms.get(sd.id)?.get(c.params.vm);
    return { sd, x: found(x, true, c.params.vm) };
  };
  r.add('GET', '/storagedomains/:id/vms/:vm', (c) => show(c, 'exported_vm', exported(c).x));
  r.add('GET', '/storagedomains/:id/vms/:vm/diskattachments', (c) => {
    const { sd, x } = exported(c);
    return list(c, x.disks.map((d) => ({ ...d, sdId: sd.id })), 'exported_disk_attachment', 'disk_attachment', { name: 'diskattachments' });
  });
  r.add('GET', '/storagedomains/:id/vms/:vm/nics', (c) => {
    const { sd, x } = exported(c);
    return list(c, x.nics, 'raw', 'nic', { name: 'nics', wrap: (n) => nicWire(n, sd.id) });
  });
  r.add('POST', '/storagedomains/:id/vms/:vm/import', (c) => {
    adminOnly(c);
    const { sd, x } = exported(c);
    const res = importVm(c.e, c.actor, sd, x, c.body);
    return ok(res.body, res.status);
  });
  r.add('DELETE', '/storagedomains/:id/vms/:vm', (c) => {
    adminOnly(c);
    const { sd, x } = exported(c);
    c.e.store.exportVms.get(sd.id)!.delete(x.vm.id);
    return deleted();
  });
  r.add('GET', '/storagedomains/:id/templates', (c) => {
    const sd = getSd(c);
    if (sd.type === 'export') return list(c, [...(c.e.store.exportTemplates.get(sd.id)?.values() ?? [])].map((x) => x.template), 'template', 'template', { name: 'templates' });
    const rows = c.e.store.templates.ordered().filter((t) => t.diskIds.some((id) => c.e.store.disks.get(id)?.storageDomainId === sd.id));
    return list(c, rows, 'template', 'template', { spec: c.specs.templates, visible: (t) => c.access.template(t), name: 'templates' });
  });
  const exportedTemplate = (c: Ctx) => {
    const sd = getSd(c);
    return { sd, x: found(c.e.store.exportTemplates.get(sd.id)?.get(c.params.t), true, c.params.t) };
  };
  r.add('GET', '/storagedomains/:id/templates/:t', (c) => show(c, 'template', exportedTemplate(c).x.template));
  r.add('GET', '/storagedomains/:id/templates/:t/diskattachments', (c) => {
    const { sd, x } = exportedTemplate(c);
    return list(c, x.disks.map((disk) => ({ disk, sdId: sd.id, attachment: { diskId: disk.id, ownerId: x.template.id, ownerKind: 'template' as const, bootable: true, interface: 'virtio_scsi' as const, active: true, readOnly: false, logicalName: null } })), 'exported_disk_attachment', 'disk_attachment', { name: 'diskattachments' });
  });
  r.add('POST', '/storagedomains/:id/templates/:t/import', (c) => {
    adminOnly(c);
    const { sd, x } = exportedTemplate(c);
    const res = importTemplate(c.e, c.actor, sd, x, c.body);
    return ok(res.body, res.status);
  });
  r.add('DELETE', '/storagedomains/:id/templates/:t', (c) => {
    adminOnly(c);
    const { sd, x } = exportedTemplate(c);
    c.e.store.exportTemplates.get(sd.id)!.delete(x.template.id);
    return deleted();
  });

  // ---- VMs
  r.add('GET', '/vms', (c) => list(c, c.e.store.vms.ordered(), 'vm', 'vm', { spec: c.specs.vms, visible: (v) => c.access.vm(v), name: 'vms' }));
  r.add('GET', '/vms/:id', (c) => {
    const vm = getVm(c);
    // `next_run=true`: the configuration the next start will use (the engine's next-run snapshot).
    return show(c, 'vm', c.query.get('next_run') === 'true' && vm.nextRun ? { ...vm, ...vm.nextRun } : vm);
  });
  r.add('POST', '/vms', async (c) => {
    const clone = c.query.get('clone') === 'true';
    const res = addVm(c.e, c.actor, c.body, clone);
    const wantsCreated = /201-created/i.test(String(c.headers.expect ?? ''));
    if (res.status === 202 && wantsCreated) {
      await res.done;
      return created(render('vm', res.vm, c.wire, c.follow));
    }
    return created(render('vm', res.vm, c.wire, c.follow), res.status);
  });
  r.add('PUT', '/vms/:id', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    updateVm(c.e, c.actor, vm, c.body, c.query.get('next_run') === 'true');
    return show(c, 'vm', vm);
  });
  r.add('DELETE', '/vms/:id', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    removeVm(c.e, c.actor, vm, c.query.get('detach_only') === 'true');
    return deleted();
  });
  r.add('POST', '/vms/:id/:action', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    const { e, actor, body } = c;
    const adminActions = ['migrate', 'cancelmigration', 'export', 'maintenance'];
    if (adminActions.includes(c.params.action)) adminOnly(c);
    const res = (() => {
      switch (c.params.action) {
        case 'start': return vmStart(e, actor, vm, body);
        case 'stop': return vmStop(e, actor, vm);
        case 'shutdown': return vmShutdown(e, actor, vm);
        case 'reboot': return vmReboot(e, actor, vm);
        case 'reset': return vmReset(e, actor, vm);
        case 'suspend': return vmSuspend(e, actor, vm);
        case 'migrate': return vmMigrate(e, actor, vm, body);
        case 'cancelmigration': return vmCancelMigration(e, actor, vm);
        case 'clone': return vmClone(e, actor, vm, body);
        case 'ticket': return vmTicket(e, actor, vm, body, 7200);
        case 'export': return vmExport(e, actor, vm, body);
        case 'previewsnapshot': return previewSnapshot(e, actor, vm, body);
        case 'commitsnapshot': return commitSnapshot(e, actor, vm);
        case 'undosnapshot': return undoSnapshot(e, actor, vm);
        case 'maintenance': return vmMaintenance(e, actor, vm, body);
        default: throw notFound(c.params.action);
      }
    })();
    return ok(res.body, res.status);
  });

  // VM NICs
  const getNic = (c: Ctx, vm: Vm) => found(c.e.store.nicsOf(vm.id).find((n) => n.id === c.params.nic), true, c.params.nic);
  r.add('GET', '/vms/:id/nics', (c) => list(c, c.e.store.nicsOf(getVm(c).id), 'nic', 'nic', { name: 'nics' }));
  r.add('GET', '/vms/:id/nics/:nic', (c) => show(c, 'nic', getNic(c, getVm(c))));
  r.add('POST', '/vms/:id/nics', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    return created(render('nic', addNic(c.e, c.actor, vm, c.body), c.wire, null));
  });
  r.add('PUT', '/vms/:id/nics/:nic', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    const nic = getNic(c, vm);
    updateNic(c.e, c.actor, vm, nic, c.body);
    return show(c, 'nic', nic);
  });
  r.add('DELETE', '/vms/:id/nics/:nic', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    removeNic(c.e, c.actor, vm, getNic(c, vm));
    return deleted();
  });

  // VM disk attachments
  const getAtt = (c: Ctx, ownerId: string) => found(c.e.store.attachmentsOf(ownerId).find((a) => a.diskId === c.params.did), true, c.params.did);
  r.add('GET', '/vms/:id/diskattachments', (c) => list(c, c.e.store.attachmentsOf(getVm(c).id), 'disk_attachment', 'disk_attachment', { name: 'diskattachments' }));
  r.add('GET', '/vms/:id/diskattachments/:did', (c) => show(c, 'disk_attachment', getAtt(c, getVm(c).id)));
  r.add('POST', '/vms/:id/diskattachments', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    return created(render('disk_attachment', attachDisk(c.e, c.actor, vm, c.body), c.wire, c.follow));
  });
  r.add('PUT', '/vms/:id/diskattachments/:did', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    const att = getAtt(c, vm.id);
    updateAttachment(c.e, c.actor, vm, att, c.body);
    return show(c, 'disk_attachment', att);
  });
  r.add('DELETE', '/vms/:id/diskattachments/:did', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    const att = getAtt(c, vm.id);
    // `detach_only=false` also deletes the disk (the v4 default is to keep it).
    const removeData = c.query.get('detach_only') === 'false';
    const disk = c.e.store.disks.get(att.diskId);
    // A disk some snapshot holds an image of stays with the VM: it may go only with its data (and those images).
    const holders = snapshotsHoldingDisk(c.e, vm, att.diskId);
    if (!removeData && holders.length) {
      throw conflict(`Cannot detach Virtual Disk. The disk is already configured in a snapshot (${holders.map((s) => s.description).join(', ')}). In order to detach it, remove the disk's snapshots.`);
    }
    if (removeData && disk?.templateId) throw conflict('Cannot remove Virtual Disk. The disk belongs to a Template; remove the Template instead.');
    detachDisk(c.e, c.actor, vm, att, !removeData);
    if (removeData && disk) removeDisk(c.e, c.actor, disk);
    return deleted();
  });

  // VM snapshots
  const getSnap = (c: Ctx, vm: Vm) => found(c.e.store.snapshotsOf(vm.id).find((s) => s.id === c.params.sid), true, c.params.sid);
  r.add('GET', '/vms/:id/snapshots', (c) => list(c, c.e.store.snapshotsOf(getVm(c).id), 'snapshot', 'snapshot', { name: 'snapshots' }));
  r.add('GET', '/vms/:id/snapshots/:sid', (c) => show(c, 'snapshot', getSnap(c, getVm(c))));
  r.add('POST', '/vms/:id/snapshots', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    const { snapshot } = addSnapshot(c.e, c.actor, vm, c.body);
    return created(render('snapshot', snapshot, c.wire, null), 202);
  });
  r.add('DELETE', '/vms/:id/snapshots/:sid', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    removeSnapshot(c.e, c.actor, vm, getSnap(c, vm));
    return deleted();
  });
  r.add('POST', '/vms/:id/snapshots/:sid/restore', (c) => {
    const vm = getVm(c);
    manageVm(c, vm);
    const res = restoreSnapshot(c.e, c.actor, vm, getSnap(c, vm));
    return ok(res.body, res.status);
  });

  // VM consoles
  const getConsole = (c: Ctx, vm: Vm) => {
    if (c.params.cid !== consoleId(vm.display)) throw notFound(c.params.cid);
    return vm;
  };
  r.add('GET', '/vms/:id/graphicsconsoles', (c) => ok(collection('graphics_console', [graphicsConsoleWire(getVm(c), c.wire)])));
  r.add('GET', '/vms/:id/graphicsconsoles/:cid', (c) => ok(graphicsConsoleWire(getConsole(c, getVm(c)), c.wire)));
  r.add('POST', '/vms/:id/graphicsconsoles/:cid/:action', (c) => {
    const vm = getConsole(c, getVm(c));
    manageVm(c, vm);
    if (c.params.action === 'ticket') {
      const res = vmTicket(c.e, c.actor, vm, c.body, 120);
      return ok(res.body, res.status);
    }
    if (c.params.action === 'remoteviewerconnectionfile') {
      const w = graphicsConsoleWire(vm, { ...c.wire, current: true });
      const file = consoleFile(c.e, c.actor, vm, { address: String(w.address ?? ''), port: Number(w.port ?? 0), tlsPort: w.tls_port ? Number(w.tls_port) : undefined });
      return ok({ remote_viewer_connection_file: file, status: 'complete' });
    }
    throw notFound(c.params.action);
  });

  // VM statistics, reported devices, CD-ROM
  r.add('GET', '/vms/:id/statistics', (c) => ok(collection('statistic', vmStatistics(getVm(c), c.wire))));
  r.add('GET', '/vms/:id/statistics/:sid', (c) => ok(found(vmStatistics(getVm(c), c.wire).find((s) => s.id === c.params.sid), true, c.params.sid)));
  r.add('GET', '/vms/:id/reporteddevices', (c) => ok(collection('reported_device', reportedDevicesWire(getVm(c), c.wire))));
  r.add('GET', '/vms/:id/reporteddevices/:rid', (c) => ok(found(reportedDevicesWire(getVm(c), c.wire).find((d) => d.id === c.params.rid), true, c.params.rid)));
  r.add('GET', '/vms/:id/sessions', (c) => ok(collection('session', sessionsWire(getVm(c)))));
  const getCdrom = (c: Ctx) => {
    const vm = getVm(c);
    if (c.params.cid !== '00000000-0000-0000-0000-000000000000') throw notFound(c.params.cid);
    return vm;
  };
  r.add('GET', '/vms/:id/cdroms', (c) => ok(collection('cdrom', [cdromWire(getVm(c))])));
  // `current=true` reads the running VM's drive; without it, the persistent configuration (next start).
  r.add('GET', '/vms/:id/cdroms/:cid', (c) => ok(cdromWire(getCdrom(c), c.query.get('current') === 'true')));
  r.add('PUT', '/vms/:id/cdroms/:cid', (c) => {
    const vm = getCdrom(c);
    manageVm(c, vm);
    const fileId = asStr(asObj(c.body.file)?.id, 'file.id');
    if (fileId === undefined) throw incomplete('Cdrom', 'file.id', 'update');
    const current = c.query.get('current') === 'true';
    const running = isRunning(vm) || vm.status === 'paused';
    if (current && !running) throw conflict('Cannot change CD. VM is not running.');
    // Sets the drive the request names: the running VM's only (current=true), or the persistent one,
    // which a running VM gets at its next start (the drive it has now is kept until then).
    const set = (value: string | null) => {
      if (current) vm.cdromCurrentFileId = value;
      else {
        if (running && vm.cdromCurrentFileId === undefined) vm.cdromCurrentFileId = vm.cdromFileId;
        vm.cdromFileId = value;
      }
      return ok(cdromWire(vm, current));
    };
    if (fileId === '') return set(null);
    const dcId = c.e.store.clusters.get(vm.clusterId)?.dataCenterId;
    const iso = c.e.store.isoFile(fileId);
    const isoDisk = c.e.store.disks.get(fileId);
    const usable = (iso && iso.sd.dataCenterId === dcId && iso.sd.status === 'active')
      || (isoDisk && isoDisk.contentType === 'iso' && isoDisk.status === 'ok' && c.e.store.storageDomains.get(isoDisk.storageDomainId)?.dataCenterId === dcId);
    if (!usable) throw conflict(`Cannot change CD. The ISO file '${fileId}' is not available in the VM's Data Center.`);
    return set(fileId);
  });

  // ---- templates
  r.add('GET', '/templates', (c) => list(c, c.e.store.templates.ordered(), 'template', 'template', { spec: c.specs.templates, visible: (t) => c.access.template(t), name: 'templates' }));
  r.add('GET', '/templates/:id', (c) => show(c, 'template', getTemplate(c)));
  r.add('POST', '/templates', (c) => {
    const { template } = addTemplate(c.e, c.actor, c.body);
    return created(render('template', template, c.wire, c.follow), 202);
  });
  r.add('PUT', '/templates/:id', (c) => {
    adminOnly(c);
    const t = getTemplate(c);
    updateTemplate(c.e, c.actor, t, c.body);
    return show(c, 'template', t);
  });
  r.add('DELETE', '/templates/:id', (c) => {
    adminOnly(c);
    removeTemplate(c.e, c.actor, getTemplate(c));
    return deleted();
  });
  r.add('GET', '/templates/:id/diskattachments', (c) => list(c, c.e.store.attachmentsOf(getTemplate(c).id), 'disk_attachment', 'disk_attachment', { name: 'diskattachments' }));
  r.add('GET', '/templates/:id/diskattachments/:did', (c) => show(c, 'disk_attachment', getAtt(c, getTemplate(c).id)));
  r.add('GET', '/templates/:id/nics', (c) => ok(collection('nic', templateNicsWire(getTemplate(c), c.wire))));

  // ---- disks
  r.add('GET', '/disks', (c) => list(c, c.e.store.disks.ordered(), 'disk', 'disk', { spec: c.specs.disks, visible: (d) => c.access.disk(d), name: 'disks' }));
  r.add('GET', '/disks/:id', (c) => show(c, 'disk', getDisk(c)));
  r.add('POST', '/disks', (c) => created(render('disk', createDisk(c.e, c.actor, c.body), c.wire, null)));
  r.add('PUT', '/disks/:id', (c) => {
    const d = getDisk(c);
    if (!c.access.hasPermissionOn(d.id) && !ownsDiskVm(c, d)) throw forbidden();
    updateDisk(c.e, c.actor, d, c.body);
    return show(c, 'disk', d);
  });
  r.add('DELETE', '/disks/:id', (c) => {
    const d = getDisk(c);
    if (!c.access.hasPermissionOn(d.id) && !ownsDiskVm(c, d)) throw forbidden();
    removeDisk(c.e, c.actor, d);
    return deleted();
  });

  // ---- networks and vNIC profiles
  r.add('GET', '/networks', (c) => list(c, c.e.store.networks.ordered(), 'network', 'network', { spec: c.specs.networks, visible: (n) => c.access.network(n), name: 'networks' }));
  r.add('GET', '/networks/:id', (c) => show(c, 'network', found(c.e.store.networks.get(c.params.id), (n) => c.access.network(n), c.params.id)));
  r.add('GET', '/networks/:id/vnicprofiles', (c) => {
    const n = found(c.e.store.networks.get(c.params.id), (x) => c.access.network(x), c.params.id);
    return list(c, [...c.e.store.profilesByNetwork.get(n.id)].map((id) => c.e.store.vnicProfiles.get(id)!), 'vnic_profile', 'vnic_profile', { spec: c.specs.vnicProfiles, visible: (p) => c.access.vnicProfile(p), name: 'vnicprofiles' });
  });
  r.add('GET', '/vnicprofiles', (c) => list(c, c.e.store.vnicProfiles.ordered(), 'vnic_profile', 'vnic_profile', { spec: c.specs.vnicProfiles, visible: (p) => c.access.vnicProfile(p), name: 'vnicprofiles' }));
  r.add('GET', '/vnicprofiles/:id', (c) => show(c, 'vnic_profile', found(c.e.store.vnicProfiles.get(c.params.id), (p) => c.access.vnicProfile(p), c.params.id)));

  // ---- events: newest first; `from=N` returns only events with index > N.
  r.add('GET', '/events', (c) => {
    const fromRaw = c.query.get('from');
    const from = fromRaw === null ? null : asInt(fromRaw, 'from')!;
    const rows = from === null ? descending(c.e.store.events) : (function* () {
      for (const ev of descending(c.e.store.events)) {
        if (ev.index <= from) return;
        yield ev;
      }
    })();
    return list(c, rows, 'event', 'event', { spec: c.specs.events, visible: (ev) => c.access.event(ev), name: 'events' });
  });
  r.add('GET', '/events/:id', (c) => show(c, 'event', found(c.e.store.eventsByIndex.get(Number(c.params.id)), (ev) => c.access.event(ev), c.params.id)));
  r.add('POST', '/events', (c) => {
    const description = asStr(c.body.description, 'description');
    const severity = asStr(c.body.severity, 'severity') as Severity | undefined;
    const origin = asStr(c.body.origin, 'origin');
    const customId = asInt(c.body.custom_id, 'custom_id');
    const missing = [!description && 'description', !severity && 'severity', !origin && 'origin', customId === undefined && 'customId'].filter(Boolean);
    if (missing.length) throw incomplete('Event', missing.join(', '));
    if (!['normal', 'warning', 'error', 'alert'].includes(severity!)) throw badRequest(`Invalid value '${severity}' for 'severity'.`);
    const refId = (k: string) => asStr(asObj(c.body[k])?.id, `${k}.id`);
    const ev = c.e.event({ code: 0, severity: severity!, description: description!, origin: origin!, customId: customId!, vmId: refId('vm'), hostId: refId('host'), clusterId: refId('cluster'), dataCenterId: refId('data_center'), storageDomainId: refId('storage_domain'), templateId: refId('template') }, c.actor);
    return created(render('event', ev, c.wire, null));
  });
  r.add('DELETE', '/events/:id', (c) => {
    adminOnly(c);
    if (!removeEvent(c.e.store, Number(c.params.id))) throw notFound(c.params.id);
    return deleted();
  });

  // ---- jobs
  r.add('GET', '/jobs', (c) => list(c, descending([...c.e.store.jobs.values()]), 'job', 'job', { spec: c.specs.jobs, visible: (j) => c.access.job(j), name: 'jobs' }));
  const getJob = (c: Ctx) => found(c.e.store.jobs.get(c.params.id), (j) => c.access.job(j), c.params.id);
  r.add('GET', '/jobs/:id', (c) => show(c, 'job', getJob(c)));
  r.add('GET', '/jobs/:id/steps', (c) => list(c, getJob(c).steps, 'step', 'step', { name: 'steps' }));
  r.add('GET', '/jobs/:id/steps/:sid', (c) => show(c, 'step', found(getJob(c).steps.find((s) => s.id === c.params.sid), true, c.params.sid)));
  r.add('POST', '/jobs/:id/:action', (c) => {
    const job = getJob(c);
    if (c.params.action === 'clear') {
      if (job.status === 'started') throw conflict('Cannot clear Job. The Job is still running.');
      c.e.store.removeJob(job);
      return ok({ async: 'false', status: 'complete' });
    }
    if (c.params.action === 'end') {
      if (!job.external) throw conflict('Cannot end Job. Only external Jobs can be ended.');
      return ok({ async: 'false', status: 'complete' });
    }
    throw notFound(c.params.action);
  });

  // ---- users and roles
  r.add('GET', '/users', (c) => list(c, c.e.store.users.ordered(), 'user', 'user', { spec: c.specs.users, visible: (u) => c.access.userEntity(u), name: 'users' }));
  r.add('GET', '/users/:id', (c) => show(c, 'user', found(c.e.store.users.get(c.params.id), (u) => c.access.userEntity(u), c.params.id)));
  r.add('GET', '/users/:id/permissions', (c) => {
    const u = found(c.e.store.users.get(c.params.id), (x) => c.access.userEntity(x), c.params.id);
    return list(c, c.e.store.permissionsOf(u.id), 'permission', 'permission', { name: 'permissions' });
  });
  r.add('GET', '/roles', (c) => list(c, c.e.store.roles.ordered(), 'role', 'role', { spec: c.specs.roles, name: 'roles' }));
  r.add('GET', '/roles/:id', (c) => show(c, 'role', found(c.e.store.roles.get(c.params.id), true, c.params.id)));

  // ---- permissions: system-wide at /permissions, per object at /{collection}/{id}/permissions
  r.add('GET', '/permissions', (c) => list(c, c.e.store.permissionsOn(null).concat(c.actor.user.admin ? [] : c.e.store.permissionsOf(c.actor.user.id).filter((p) => p.targetId)), 'permission', 'permission', { visible: (p) => c.access.permission(p), name: 'permissions' }));
  r.add('GET', '/permissions/:pid', (c) => show(c, 'permission', found(c.e.store.permissions.get(c.params.pid), (p) => c.access.permission(p), c.params.pid)));
  r.add('DELETE', '/permissions/:pid', (c) => {
    adminOnly(c);
    removePermission(c, found(c.e.store.permissions.get(c.params.pid), true, c.params.pid));
    return deleted();
  });
  const targets: [string, PermissionTarget, (c: Ctx) => { id: string }][] = [
    ['vms', 'vm', (c) => getVm(c)], ['templates', 'template', (c) => getTemplate(c)], ['clusters', 'cluster', (c) => getCluster(c)],
    ['datacenters', 'data_center', (c) => getDc(c)], ['hosts', 'host', (c) => getHost(c)], ['storagedomains', 'storage_domain', (c) => getSd(c)],
    ['disks', 'disk', (c) => getDisk(c)],
    ['vnicprofiles', 'vnic_profile', (c) => found(c.e.store.vnicProfiles.get(c.params.id), true, c.params.id)],
  ];
  for (const [path, kind, get] of targets) {
    r.add('GET', `/${path}/:id/permissions`, (c) => list(c, c.e.store.permissionsOn(get(c).id), 'permission', 'permission', { visible: (p) => c.access.permission(p) || c.access.hasPermissionOn(p.targetId ?? ''), name: 'permissions' }));
    r.add('GET', `/${path}/:id/permissions/:pid`, (c) => {
      const p = c.e.store.permissions.get(c.params.pid);
      return show(c, 'permission', found(p && p.targetId === get(c).id ? p : undefined, true, c.params.pid));
    });
    r.add('DELETE', `/${path}/:id/permissions/:pid`, (c) => {
      adminOnly(c);
      const p = c.e.store.permissions.get(c.params.pid);
      removePermission(c, found(p && p.targetId === get(c).id ? p : undefined, true, c.params.pid));
      return deleted();
    });
    r.add('POST', `/${path}/:id/permissions`, (c) => {
      adminOnly(c);
      const target = get(c);
      const role = lookup(c.e.store.roles, c.body.role, 'Role', c.e.store);
      const userRef = asObj(c.body.user);
      const user = userRef ? (typeof userRef.id === 'string' ? c.e.store.users.get(userRef.id)
        : [...c.e.store.users.values()].find((u) => u.userName === userRef.user_name || u.userName === userRef.name)) : undefined;
      const missing = [!role && 'role.id|name', !user && 'user.id'].filter(Boolean);
      if (missing.length) throw incomplete('Permission', missing.join(', '));
      if (c.e.store.permissionsOn(target.id).some((p) => p.principalId === user!.id && p.roleId === role!.id)) {
        throw conflict('Cannot add Permission. Permission already exists.');
      }
      const p: Permission = { id: randomUUID(), roleId: role!.id, principalId: user!.id, principalKind: 'user', targetKind: kind, targetId: target.id };
      c.e.store.addPermission(p);
      c.e.event({ code: EventCode.USER_ADD_PERMISSION, severity: 'normal', description: `User/Group ${user!.userName}, Namespace *, Authorization provider: ${user!.domain} was granted permission for Role ${role!.name} on ${kind.replace('_', ' ')} by ${c.actor.user.userName}.` }, c.actor);
      return created(render('permission', p, c.wire, null));
    });
  }

  // ---- image transfers
  r.add('GET', '/imagetransfers', (c) => ok(collection('image_transfer', [...c.e.store.imageTransfers.values()].filter((t) => c.access.transfer(t)).map((t) => imageTransferWire(t, c.wire)))));
  const getTransfer = (c: Ctx) => found(c.e.store.imageTransfers.get(c.params.id), (t) => c.access.transfer(t), c.params.id);
  r.add('GET', '/imagetransfers/:id', (c) => ok(imageTransferWire(getTransfer(c), c.wire)));
  r.add('POST', '/imagetransfers', (c) => created(imageTransferWire(createTransfer(c.e, c.actor, c.body), c.wire)));
  r.add('POST', '/imagetransfers/:id/:action', (c) => {
    const res = transferAction(c.e, c.actor, getTransfer(c), c.params.action);
    return ok(res.body, res.status);
  });

  registerInfraRoutes(r);
  registerNetworkRoutes(r);
  registerGlusterRoutes(r);
  registerAffinityRoutes(r);
  registerSshKeyRoutes(r);
  return r;
}

function ownsDiskVm(c: Ctx, d: Disk): boolean {
  return c.e.store.attachmentsOfDisk(d.id).some((a) => c.access.hasPermissionOn(a.ownerId));
}

function removePermission(c: Ctx, p: Permission): void {
  if (p.principalId === c.actor.user.id && p.targetId === null) throw conflict('Cannot remove Permission. A user cannot remove their own system permission.');
  c.e.store.removePermission(p);
  c.e.event({ code: EventCode.USER_REMOVE_PERMISSION, severity: 'normal', description: `User ${c.actor.user.userName} removed a permission (Role ${c.e.store.roles.get(p.roleId)?.name ?? p.roleId}).` }, c.actor);
}

/** PUT on objects whose editable attributes are name, description and comment. */
function renameSimple(c: Ctx, obj: { id: string; name: string; description: string; comment: string }, type: string, all: readonly { id: string; name: string }[]): void {
  const name = asStr(c.body.name, 'name');
  if (name !== undefined && name !== obj.name) {
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Fault(400, `[Cannot edit ${type}. The given name contains special characters. Only lower-case and upper-case letters, numbers, '_', '-', '.' are allowed.]`);
    if (all.some((x) => x.name === name && x.id !== obj.id)) throw conflict(`Cannot edit ${type}. The ${type} name is already in use, please choose a unique name and try again.`);
    obj.name = name;
    c.e.store.dataCenters.touch(); c.e.store.clusters.touch(); c.e.store.hosts.touch(); c.e.store.storageDomains.touch();
  }
  const description = asStr(c.body.description, 'description');
  if (description !== undefined) obj.description = description;
  const comment = asStr(c.body.comment, 'comment');
  if (comment !== undefined) obj.comment = comment;
}
