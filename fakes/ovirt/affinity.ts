/**
 * Affinity groups (`/clusters/{id}/affinitygroups`, AffinityGroupsService of the engine's API model)
 * and affinity labels (`/affinitylabels`), with the engine's rules: names unique (per cluster for
 * groups), a group's VMs and hosts must be in its cluster, a member is added once, and two enforcing
 * VM rules of opposite polarity may not share two VMs (the scheduler could satisfy neither).
 * Registered by api.ts. Members of removed VMs or hosts are dropped when read.
 */
import { randomUUID } from 'node:crypto';
import type { Ctx, Reply, Router } from './api';
import { asBool, asInt, asObj, asStr, checkName } from './engine';
import { conflict, forbidden, incomplete, notFound } from './errors';
import type { AffinityGroupRow, AffinityLabelRow, AffinityRule, Cluster } from './model';
import { type Wire, bool, collection, href, int, ref } from './wire';

const groupsOf = (c: Ctx) => c.e.store.affinityGroups;
const labelsOf = (c: Ctx) => c.e.store.affinityLabels;

const ok = (body: Wire | null, status = 200): Reply => ({ status, body });

function adminOnly(c: Ctx): void {
  if (!c.actor.user.admin) throw forbidden();
}

function clusterOf(c: Ctx): Cluster {
  const cl = c.e.store.clusters.get(c.params.id);
  if (!cl || !c.access.cluster(cl)) throw notFound(c.params.id);
  return cl;
}

function groupOf(c: Ctx, cl: Cluster): AffinityGroupRow {
  const g = groupsOf(c).get(c.params.gid);
  if (!g || g.clusterId !== cl.id) throw notFound(c.params.gid);
  return g;
}

function labelOf(c: Ctx): AffinityLabelRow {
  const l = labelsOf(c).get(c.params.lid);
  if (!l) throw notFound(c.params.lid);
  return l;
}

/** Members whose VM or host still exists. */
function live(c: Ctx, row: { vmIds: string[]; hostIds: string[] }): void {
  row.vmIds = row.vmIds.filter((id) => c.e.store.vms.has(id));
  row.hostIds = row.hostIds.filter((id) => c.e.store.hosts.has(id));
}

function follows(c: Ctx, rel: string): boolean {
  return !!c.follow?.has(rel);
}

function members(c: Ctx, base: string, row: { vmIds: string[]; hostIds: string[] }): Wire {
  live(c, row);
  const w: Wire = { link: [{ href: href(`${base}/vms`), rel: 'vms' }, { href: href(`${base}/hosts`), rel: 'hosts' }] };
  if (follows(c, 'vms')) w.vms = collection('vm', row.vmIds.map((id) => ({ ...ref('vms', id), name: c.e.store.vms.get(id)!.name })));
  if (follows(c, 'hosts')) w.hosts = collection('host', row.hostIds.map((id) => ({ ...ref('hosts', id), name: c.e.store.hosts.get(id)!.name })));
  return w;
}

const ruleWire = (r: AffinityRule): Wire => ({ enabled: bool(r.enabled), enforcing: bool(r.enforcing), positive: bool(r.positive) });

function groupWire(c: Ctx, g: AffinityGroupRow): Wire {
  const base = `clusters/${g.clusterId}/affinitygroups/${g.id}`;
  const m = members(c, base, g);
  return {
    id: g.id, href: href(base), name: g.name, description: g.description, cluster: ref('clusters', g.clusterId),
    // The 4.1 fields, kept by the engine for older clients: the VM rule's polarity and enforcement.
    enforcing: bool(g.vmsRule.enforcing), positive: bool(g.vmsRule.positive), priority: int(g.priority),
    vms_rule: ruleWire(g.vmsRule), hosts_rule: ruleWire(g.hostsRule),
    ...m,
  };
}

function labelWire(c: Ctx, l: AffinityLabelRow): Wire {
  const base = `affinitylabels/${l.id}`;
  return { id: l.id, href: href(base), name: l.name, read_only: 'false', has_implicit_affinity_group: 'false', ...members(c, base, l) };
}

function ruleOf(body: unknown, field: string, fallback: AffinityRule): AffinityRule {
  const o = asObj(body);
  if (!o) return fallback;
  return {
    enabled: asBool(o.enabled, `${field}.enabled`) ?? fallback.enabled,
    positive: asBool(o.positive, `${field}.positive`) ?? fallback.positive,
    enforcing: asBool(o.enforcing, `${field}.enforcing`) ?? fallback.enforcing,
  };
}

/** Fields of a create or update body onto a group (a copy: nothing changes when a check fails). */
function applyGroup(c: Ctx, g: AffinityGroupRow, body: Ctx['body'], action: 'add' | 'edit'): AffinityGroupRow {
  const next = { ...g, vmsRule: { ...g.vmsRule }, hostsRule: { ...g.hostsRule } };
  const name = asStr(body.name, 'name');
  if (name !== undefined && name !== g.name) {
    checkName(name, action, 'Affinity Group');
    if ([...groupsOf(c).values()].some((x) => x.clusterId === g.clusterId && x.name === name && x.id !== g.id)) throw conflict(`Cannot ${action} Affinity Group. Affinity Group name already exists.`);
    next.name = name;
  }
  const description = asStr(body.description, 'description');
  if (description !== undefined) next.description = description;
  const priority = asInt(body.priority, 'priority');
  if (priority !== undefined) next.priority = priority;
  // The 4.1 top-level fields set the VM rule when vms_rule is absent.
  const legacy = { enabled: true, positive: asBool(body.positive, 'positive') ?? next.vmsRule.positive, enforcing: asBool(body.enforcing, 'enforcing') ?? next.vmsRule.enforcing };
  next.vmsRule = ruleOf(body.vms_rule, 'vms_rule', body.vms_rule ? next.vmsRule : { ...next.vmsRule, positive: legacy.positive, enforcing: legacy.enforcing });
  next.hostsRule = ruleOf(body.hosts_rule, 'hosts_rule', next.hostsRule);
  return next;
}

/** Two enforcing VM rules of opposite polarity may not share two VMs. */
function checkCollision(c: Ctx, g: AffinityGroupRow, action: string): void {
  if (!g.vmsRule.enabled || !g.vmsRule.enforcing) return;
  for (const other of groupsOf(c).values()) {
    if (other.id === g.id || other.clusterId !== g.clusterId || !other.vmsRule.enabled || !other.vmsRule.enforcing || other.vmsRule.positive === g.vmsRule.positive) continue;
    const shared = g.vmIds.filter((id) => other.vmIds.includes(id));
    if (shared.length >= 2) {
      const names = shared.slice(0, 2).map((id) => c.e.store.vms.get(id)?.name ?? id).join(', ');
      throw conflict(`Cannot ${action} Affinity Group. Affinity rules collision: VMs ${names} are in both a positive and a negative enforcing Affinity Group (${other.name}).`);
    }
  }
}

function refOf(c: Ctx, what: 'vm' | 'host', action: string): string {
  const b = c.body;
  const id = asStr(b.id, 'id');
  const name = asStr(b.name, 'name');
  if (!id && !name) throw incomplete(what === 'vm' ? 'Vm' : 'Host', 'id|name', action);
  const store = what === 'vm' ? c.e.store.vms : c.e.store.hosts;
  const found = id ? store.get(id) : [...store.values()].find((x) => x.name === name);
  if (!found) throw notFound(id ?? name);
  return found.id;
}

function addMember(c: Ctx, row: { vmIds: string[]; hostIds: string[] }, what: 'vm' | 'host', type: string, clusterId?: string, check?: () => void): Reply {
  adminOnly(c);
  const id = refOf(c, what, 'add');
  const list = what === 'vm' ? row.vmIds : row.hostIds;
  if (clusterId) {
    const memberCluster = what === 'vm' ? c.e.store.vms.get(id)!.clusterId : c.e.store.hosts.get(id)!.clusterId;
    if (memberCluster !== clusterId) {
      const name = (what === 'vm' ? c.e.store.vms.get(id)! : c.e.store.hosts.get(id)!).name;
      throw conflict(`Cannot add ${type}. ${what === 'vm' ? 'VM' : 'Host'} ${name} is not in the Affinity Group's Cluster.`);
    }
  }
  if (list.includes(id)) throw conflict(`Cannot add ${type}. The ${what === 'vm' ? 'VM' : 'Host'} is already in the ${type}.`);
  list.push(id);
  try {
    check?.();
  } catch (error) {
    list.pop();
    throw error;
  }
  return ok(what === 'vm' ? ref('vms', id) : ref('hosts', id), 201);
}

function removeMember(c: Ctx, row: { vmIds: string[]; hostIds: string[] }, what: 'vm' | 'host'): Reply {
  adminOnly(c);
  const list = what === 'vm' ? row.vmIds : row.hostIds;
  const i = list.indexOf(c.params.mid);
  if (i < 0) throw notFound(c.params.mid);
  list.splice(i, 1);
  return ok(null);
}

export function registerAffinityRoutes(r: Router): void {
  r.add('GET', '/clusters/:id/affinitygroups', (c) => {
    const cl = clusterOf(c);
    return ok(collection('affinity_group', [...groupsOf(c).values()].filter((g) => g.clusterId === cl.id).map((g) => groupWire(c, g))));
  });
  r.add('POST', '/clusters/:id/affinitygroups', (c) => {
    adminOnly(c);
    const cl = clusterOf(c);
    if (!asStr(c.body.name, 'name')) throw incomplete('AffinityGroup', 'name');
    const blank: AffinityGroupRow = {
      id: randomUUID(), clusterId: cl.id, name: '', description: '', priority: 1,
      vmsRule: { enabled: true, positive: true, enforcing: false }, hostsRule: { enabled: false, positive: true, enforcing: false }, vmIds: [], hostIds: [],
    };
    const g = applyGroup(c, blank, c.body, 'add');
    groupsOf(c).set(g.id, g);
    const body = groupWire(c, g);
    return { status: 201, body, headers: { location: String(body.href) } };
  });
  r.add('GET', '/clusters/:id/affinitygroups/:gid', (c) => ok(groupWire(c, groupOf(c, clusterOf(c)))));
  r.add('PUT', '/clusters/:id/affinitygroups/:gid', (c) => {
    adminOnly(c);
    const g = groupOf(c, clusterOf(c));
    const next = applyGroup(c, g, c.body, 'edit');
    checkCollision(c, next, 'edit');
    Object.assign(g, next);
    return ok(groupWire(c, g));
  });
  r.add('DELETE', '/clusters/:id/affinitygroups/:gid', (c) => {
    adminOnly(c);
    const g = groupOf(c, clusterOf(c));
    groupsOf(c).delete(g.id);
    return ok(null);
  });
  for (const what of ['vm', 'host'] as const) {
    const seg = `${what}s`;
    r.add('GET', `/clusters/:id/affinitygroups/:gid/${seg}`, (c) => {
      const g = groupOf(c, clusterOf(c));
      live(c, g);
      return ok(collection(what, (what === 'vm' ? g.vmIds : g.hostIds).map((id) => ref(seg, id))));
    });
    r.add('POST', `/clusters/:id/affinitygroups/:gid/${seg}`, (c) => {
      const cl = clusterOf(c);
      const g = groupOf(c, cl);
      return addMember(c, g, what, 'Affinity Group', cl.id, () => checkCollision(c, g, 'add'));
    });
    r.add('DELETE', `/clusters/:id/affinitygroups/:gid/${seg}/:mid`, (c) => removeMember(c, groupOf(c, clusterOf(c)), what));
  }

  r.add('GET', '/affinitylabels', (c) => ok(collection('affinity_label', [...labelsOf(c).values()].map((l) => labelWire(c, l)))));
  r.add('POST', '/affinitylabels', (c) => {
    adminOnly(c);
    const name = asStr(c.body.name, 'name');
    if (!name) throw incomplete('AffinityLabel', 'name');
    checkName(name, 'add', 'Affinity Label');
    if ([...labelsOf(c).values()].some((l) => l.name === name)) throw conflict('Cannot add Affinity Label. Affinity Label name is already in use.');
    const l: AffinityLabelRow = { id: randomUUID(), name, vmIds: [], hostIds: [] };
    labelsOf(c).set(l.id, l);
    const body = labelWire(c, l);
    return { status: 201, body, headers: { location: String(body.href) } };
  });
  r.add('GET', '/affinitylabels/:lid', (c) => ok(labelWire(c, labelOf(c))));
  r.add('PUT', '/affinitylabels/:lid', (c) => {
    adminOnly(c);
    const l = labelOf(c);
    const name = asStr(c.body.name, 'name');
    if (name !== undefined && name !== l.name) {
      checkName(name, 'edit', 'Affinity Label');
      if ([...labelsOf(c).values()].some((x) => x.name === name)) throw conflict('Cannot edit Affinity Label. Affinity Label name is already in use.');
      l.name = name;
    }
    return ok(labelWire(c, l));
  });
  r.add('DELETE', '/affinitylabels/:lid', (c) => {
    adminOnly(c);
    labelsOf(c).delete(labelOf(c).id);
    return ok(null);
  });
  for (const what of ['vm', 'host'] as const) {
    const seg = `${what}s`;
    r.add('GET', `/affinitylabels/:lid/${seg}`, (c) => {
      const l = labelOf(c);
      live(c, l);
      return ok(collection(what, (what === 'vm' ? l.vmIds : l.hostIds).map((id) => ref(seg, id))));
    });
    r.add('POST', `/affinitylabels/:lid/${seg}`, (c) => addMember(c, labelOf(c), what, 'Affinity Label'));
    r.add('DELETE', `/affinitylabels/:lid/${seg}/:mid`, (c) => removeMember(c, labelOf(c), what));
  }

  // A VM's own view of its labels (AssignedAffinityLabelsService under /vms/{id}/affinitylabels):
  // list them, attach one by id (the label's own service then lists the VM), detach one.
  const vmOf = (c: Ctx) => {
    const vm = c.e.store.vms.get(c.params.id);
    if (!vm || !c.access.vm(vm)) throw notFound(c.params.id);
    return vm;
  };
  r.add('GET', '/vms/:id/affinitylabels', (c) => {
    const vm = vmOf(c);
    return ok(collection('affinity_label', [...labelsOf(c).values()].filter((l) => l.vmIds.includes(vm.id)).map((l) => labelWire(c, l))));
  });
  r.add('POST', '/vms/:id/affinitylabels', (c) => {
    adminOnly(c);
    const vm = vmOf(c);
    const id = asStr(c.body.id, 'id');
    const name = asStr(c.body.name, 'name');
    if (!id && !name) throw incomplete('AffinityLabel', 'id|name');
    const l = id ? labelsOf(c).get(id) : [...labelsOf(c).values()].find((x) => x.name === name);
    if (!l) throw notFound(id ?? name);
    if (l.vmIds.includes(vm.id)) throw conflict('Cannot add Affinity Label. The VM is already in the Affinity Label.');
    l.vmIds.push(vm.id);
    return ok(labelWire(c, l), 201);
  });
  r.add('GET', '/vms/:id/affinitylabels/:lid', (c) => {
    const vm = vmOf(c);
    const l = labelOf(c);
    if (!l.vmIds.includes(vm.id)) throw notFound(c.params.lid);
    return ok(labelWire(c, l));
  });
  r.add('DELETE', '/vms/:id/affinitylabels/:lid', (c) => {
    adminOnly(c);
    const vm = vmOf(c);
    const l = labelOf(c);
    const i = l.vmIds.indexOf(vm.id);
    if (i < 0) throw notFound(c.params.lid);
    l.vmIds.splice(i, 1);
    return ok(null);
  });
}


