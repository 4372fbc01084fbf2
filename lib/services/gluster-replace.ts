import 'server-only';
import type { Backend } from '@/lib/backends/types';
import { glusterReplaceRefusal, type GlusterBrickInput, type QualifiedId } from '@/lib/domain';
import { ActionRefusal } from './refusal';

type GlusterOps = Required<Pick<Backend, 'getGlusterVolume' | 'addGlusterBricks' | 'removeGlusterBricks'>>;

/**
 * Replaces a brick of a one-set replicate volume the way gluster documents it and the engine's API
 * allows (its own replace-brick is deprecated and takes no new brick): add the new brick raising
 * the replica count by one, so self-heal copies the data onto it from the other copies, then
 * remove the old brick lowering the count again. The other copies keep the data all along.
 *
 * If the removal is refused, the new brick is taken out again so the volume is as it was; if even
 * that fails, the refusal says what state the volume is in (one copy more than before).
 */
export async function replaceBrickSteps(g: GlusterOps, id: QualifiedId, oldBrick: string, next: GlusterBrickInput): Promise<void> {
  const before = await g.getGlusterVolume(id);
  const refusal = glusterReplaceRefusal(before, oldBrick, next);
  if (refusal) throw new ActionRefusal(`gluster.replace.why.${refusal}`, { brick: oldBrick });
  const copies = before.replicaCount;
  const known = new Set((before.bricks ?? []).map((b) => b.name));

  await g.addGlusterBricks(id, [next], copies + 1);
  const added = (await g.getGlusterVolume(id)).bricks?.find((b) => !known.has(b.name))?.name;
  try {
    await g.removeGlusterBricks(id, [oldBrick], copies);
  } catch (error) {
    if (!added) throw error;
    try {
      await g.removeGlusterBricks(id, [added], copies);
    } catch {
      throw new ActionRefusal('gluster.replace.stuck', { brick: oldBrick, added, copies: copies + 1 });
    }
    throw error;
  }
}
