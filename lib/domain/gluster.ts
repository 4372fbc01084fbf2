/**
 * Gluster volumes served by the hosts of a cluster with the gluster service (oVirt). A volume is
 * read through its cluster, so its id carries both: its native id is `<cluster>/<volume>`.
 */
import type { Entity, QualifiedId, Ref } from './ids';

export const GLUSTER_VOLUME_TYPES = ['distribute', 'replicate', 'distributed_replicate', 'disperse', 'distributed_disperse', 'other'] as const;
export type GlusterVolumeType = (typeof GLUSTER_VOLUME_TYPES)[number];

export type GlusterStatus = 'up' | 'down' | 'unknown';

export interface GlusterBrick {
  /** The engine's brick id (qualified); bricks are acted on by `name`. */
  id: QualifiedId;
  /** `server:/dir`, as gluster names it. */
  name: string;
  host: Ref;
  dir: string;
  status: GlusterStatus;
}

export interface GlusterOption {
  name: string;
  value: string;
}

export interface GlusterVolume extends Entity {
  cluster: Ref;
  type: GlusterVolumeType;
  status: GlusterStatus;
  replicaCount: number;
  disperseCount: number;
  redundancyCount: number;
  transports: string[];
  options: GlusterOption[];
  /** Present when read with its bricks (one more request per volume). */
  bricks?: GlusterBrick[];
}

export interface GlusterBrickInput {
  hostId: QualifiedId;
  dir: string;
}

export interface GlusterVolumeInput {
  clusterId: QualifiedId;
  name: string;
  /** 1 = distribute; 2 or 3 = replicate with that many copies (bricks in order form the sets). */
  replicaCount: number;
  bricks: GlusterBrickInput[];
}

/** Why a brick layout would be refused: catalog keys under `gluster.layout`. */
export type GlusterLayoutProblem = 'tooFew' | 'notMultiple' | 'sameHost' | 'duplicate' | 'badDir';

export const GLUSTER_BRICK_DIR = /^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/;

/**
 * What gluster itself refuses before anything is sent: a brick count that does not fill whole
 * replica sets, two bricks of one replica set on one server (glusterd: "Multiple bricks of a
 * replicate volume are present on the same server", which the engine cannot force), a brick named
 * twice. Bricks form replica sets in the order given, as in `gluster volume create`.
 */
export function glusterLayoutProblems(bricks: readonly GlusterBrickInput[], replicaCount: number): GlusterLayoutProblem[] {
  const problems = new Set<GlusterLayoutProblem>();
  const set = Math.max(1, replicaCount);
  if (bricks.length < set) problems.add('tooFew');
  else if (bricks.length % set !== 0) problems.add('notMultiple');
  const seen = new Set<string>();
  for (const b of bricks) {
    if (!GLUSTER_BRICK_DIR.test(b.dir) || b.dir.split('/').includes('..')) problems.add('badDir');
    const key = `${b.hostId}\u0000${b.dir}`;
    if (seen.has(key)) problems.add('duplicate');
    seen.add(key);
  }
  for (let i = 0; set > 1 && i + set <= bricks.length; i += set) {
    const hosts = bricks.slice(i, i + set).map((b) => b.hostId);
    if (new Set(hosts).size !== hosts.length) problems.add('sameHost');
  }
  return [...problems];
}

/** A started volume with a brick down: reads go on, but writes lack a copy until it is back. */
export function glusterDegraded(v: Pick<GlusterVolume, 'status' | 'bricks'>): boolean {
  return v.status === 'up' && (v.bricks ?? []).some((b) => b.status !== 'up');
}

/**
 * Why a brick cannot be replaced here (catalog keys under `gluster.replace.why`), or null when it
 * can. The engine's API has no working replace-brick (deprecated since 3.5: "use add and migrate");
 * what it does offer is gluster's documented way for one replica set: add the new brick while
 * raising the replica count by one (self-heal copies the data onto it), then remove the old brick
 * while lowering the count again. With several replica sets that would take one new brick per set,
 * and a distribute volume has no copy to heal from: there, add bricks and migrate the old one.
 */
export type GlusterReplaceRefusal = 'notReplicated' | 'severalSets' | 'noSuchBrick' | 'hostHoldsBrick' | 'badDir';

export function glusterReplaceRefusal(
  v: Pick<GlusterVolume, 'type' | 'replicaCount' | 'bricks'>,
  oldBrick: string,
  next?: GlusterBrickInput,
): GlusterReplaceRefusal | null {
  if (v.type === 'distributed_replicate') return 'severalSets';
  if (v.type !== 'replicate') return 'notReplicated';
  const bricks = v.bricks ?? [];
  if (!bricks.some((b) => b.name === oldBrick)) return 'noSuchBrick';
  if (!next) return null;
  if (!GLUSTER_BRICK_DIR.test(next.dir) || next.dir.split('/').includes('..')) return 'badDir';
  // glusterd refuses two bricks of one replica set on one server, and the old brick is still in
  // the set while the new one is added.
  if (bricks.some((b) => b.host.id === next.hostId)) return 'hostHoldsBrick';
  return null;
}
