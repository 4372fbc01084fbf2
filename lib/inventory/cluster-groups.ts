import { parseQualifiedId, type Cluster } from '@/lib/domain';

/**
 * Clusters that span connections. A libvirt connection is one host; operators
 * name hosts into one cluster with `cluster=<name>` in their URIs, so each
 * connection reports its own copy of that cluster (Cluster.group set). The
 * pages show each group as ONE cluster whose id names the group, not a
 * connection: `cluster-group:<name>`. Connection ids never contain '-'
 * (cuid), so this id cannot collide with a connection's object. Clusters
 * without a group (oVirt) keep their own ids.
 */
export const CLUSTER_GROUP = 'cluster-group';

export function clusterGroupId(name: string): string {
  return `${CLUSTER_GROUP}:${name}`;
}

/** The group name an id names, or undefined for an ordinary (per-connection) id. */
export function clusterGroupOf(id: string): string | undefined {
  const parsed = parseQualifiedId(id);
  return parsed?.connectionId === CLUSTER_GROUP ? parsed.nativeId : undefined;
}

const same = (values: Array<string | undefined>) => {
  const set = new Set(values.filter((v): v is string => !!v));
  return set.size === 1 ? [...set][0] : undefined;
};

/**
 * The one cluster a group's members make. Its connectionId is the group
 * marker (it belongs to no single connection); the description names the
 * member connections, which is what tells an operator where its hosts are.
 */
export function groupedCluster(name: string, members: Cluster[], connectionName: (id: string) => string | undefined): Cluster {
  const archs = [...new Set(members.map((m) => m.cpuArchitecture).filter((a): a is string => !!a))].sort();
  return {
    id: clusterGroupId(name),
    nativeId: name,
    connectionId: CLUSTER_GROUP,
    name,
    group: name,
    description: [...new Set(members.map((m) => connectionName(m.connectionId) ?? m.connectionId))].sort().join(', '),
    cpuArchitecture: archs.length ? archs.join(', ') : undefined,
    cpuType: same(members.map((m) => m.cpuType)),
    version: same(members.map((m) => m.version)),
  };
}

/** One row per group, where its first member was; ungrouped clusters untouched and in place. */
export function groupClusters(items: Cluster[], connectionName: (id: string) => string | undefined): Cluster[] {
  const members = new Map<string, Cluster[]>();
  for (const c of items) if (c.group) members.set(c.group, [...(members.get(c.group) ?? []), c]);
  const out: Cluster[] = [];
  const placed = new Set<string>();
  for (const c of items) {
    if (!c.group) out.push(c);
    else if (!placed.has(c.group)) {
      placed.add(c.group);
      out.push(groupedCluster(c.group, members.get(c.group)!, connectionName));
    }
  }
  return out;
}
