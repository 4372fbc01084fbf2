/**
 * Routes for the infrastructure runbook (add/remove data centers, clusters, hosts and storage
 * domains; iSCSI discovery and the LUNs a host sees). Registered into the main router by api.ts.
 */
import type { Ctx, Reply, Router } from './api';
import { CPU_MODELS } from './catalog';
import { notFound } from './errors';
import { render } from './follow';
import {
  addCluster, addDataCenter, addHost, addStorageDomain, hostLuns, iscsiDiscover, iscsiLogin, lunUsedBy, removeCluster, removeDataCenter,
  removeHost, removeStorageDomain,
} from './infra-ops';
import { type Wire, collection, ref } from './wire';

const created = (body: Wire): Reply => ({ status: 201, body, headers: { location: String(body.href ?? '') } });
const deleted = (): Reply => ({ status: 200, body: null });

function found<T>(row: T | undefined, visible: (r: T) => boolean, id: string): T {
  if (row === undefined || !visible(row)) throw notFound(id);
  return row;
}

const dcOf = (c: Ctx) => found(c.e.store.dataCenters.get(c.params.id), (x) => c.access.dataCenter(x), c.params.id);
const clusterOf = (c: Ctx) => found(c.e.store.clusters.get(c.params.id), (x) => c.access.cluster(x), c.params.id);
const hostOf = (c: Ctx) => found(c.e.store.hosts.get(c.params.id), (x) => c.access.host(x), c.params.id);
const sdOf = (c: Ctx) => found(c.e.store.storageDomains.get(c.params.id), (x) => c.access.storageDomain(x), c.params.id);

/** What each compatibility level offers; the fake's CPU types are those of its CPU models. */
function clusterLevelWire(version: string): Wire {
  return {
    id: version, href: `/ovirt-engine/api/clusterlevels/${version}`,
    cpu_types: { cpu_type: Object.values(CPU_MODELS).map((m) => ({ name: m.clusterType, level: '1', architecture: 'x86_64' })) },
  };
}
const CLUSTER_LEVELS = ['4.6', '4.7'];

export function registerInfraRoutes(r: Router): void {
  r.add('GET', '/clusterlevels', () => ({ status: 200, body: collection('cluster_level', CLUSTER_LEVELS.map(clusterLevelWire)) }));
  r.add('GET', '/clusterlevels/:id', (c) => {
    if (!CLUSTER_LEVELS.includes(c.params.id)) throw notFound(c.params.id);
    return { status: 200, body: clusterLevelWire(c.params.id) };
  });
  r.add('POST', '/datacenters', (c) => created(render('data_center', addDataCenter(c.e, c.actor, c.body), c.wire, null)));
  r.add('DELETE', '/datacenters/:id', (c) => {
    removeDataCenter(c.e, c.actor, dcOf(c), c.query.get('force') === 'true');
    return deleted();
  });

  r.add('POST', '/clusters', (c) => created(render('cluster', addCluster(c.e, c.actor, c.body), c.wire, null)));
  r.add('DELETE', '/clusters/:id', (c) => {
    removeCluster(c.e, c.actor, clusterOf(c));
    return deleted();
  });

  // deploy_hosted_engine is a URL parameter of HostsService.add, not a host attribute.
  r.add('POST', '/hosts', (c) => created(render('host', addHost(c.e, c.actor, c.body, c.query.get('deploy_hosted_engine') === 'true'), c.wire, null)));
  r.add('DELETE', '/hosts/:id', (c) => {
    removeHost(c.e, c.actor, hostOf(c));
    return deleted();
  });
  r.add('POST', '/hosts/:id/iscsidiscover', (c) => {
    const found = iscsiDiscover(c.e, c.actor, hostOf(c), c.body);
    // 4.4+ answers discovered_targets; older clients read the plain iscsi_targets list.
    return {
      status: 200,
      body: {
        discovered_targets: { iscsi_details: found.map((t) => ({ address: t.address, port: String(t.port), target: t.target, portal: `${t.address}:${t.port},1` })) },
        iscsi_targets: { iscsi_target: found.map((t) => t.target) },
        status: 'complete',
      },
    };
  });
  r.add('POST', '/hosts/:id/iscsilogin', (c) => {
    iscsiLogin(c.e, c.actor, hostOf(c), c.body);
    return { status: 200, body: { status: 'complete' } };
  });
  r.add('GET', '/hosts/:id/storage', (c) => {
    const host = hostOf(c);
    const rows = hostLuns(c.e, host).map((l) => {
      const user = lunUsedBy(c.e, l.id);
      const lu: Wire = {
        id: l.id, size: l.size, vendor_id: l.vendor, product_id: l.product, serial: l.serial, lun_mapping: '1', paths: '2',
        status: user ? 'used' : 'free',
      };
      if (l.portal) Object.assign(lu, { address: l.portal.address, port: String(l.portal.port), target: l.portal.target });
      if (user) Object.assign(lu, { storage_domain_id: user.id, volume_group_id: `vg-${user.id.slice(0, 8)}` });
      return { id: l.id, type: l.kind, logical_units: { logical_unit: [lu] }, host: ref('hosts', host.id) };
    });
    return { status: 200, body: collection('host_storage', rows) };
  });

  r.add('POST', '/storagedomains', (c) => created(render('storage_domain', addStorageDomain(c.e, c.actor, c.body), c.wire, null)));
  r.add('DELETE', '/storagedomains/:id', (c) => {
    removeStorageDomain(c.e, c.actor, sdOf(c), c.query);
    return deleted();
  });
}
