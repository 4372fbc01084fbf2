import { z } from 'zod';
import { GLUSTER_BRICK_DIR, glusterLayoutProblems, type GlusterBrickInput } from '@/lib/domain';
import { qualifiedId } from './datacenter';

/**
 * THE Gluster forms, shared by the forms and the server actions. Bricks arrive as numbered fields
 * (`brickHost_0`/`brickDir_0`, `brick_0` for a brick's name) because a form sends a repeated name
 * as several values and the action reads one value per name.
 */

const P = 'gluster.errors';
export const GLUSTER_MAX_BRICKS = 12;
/** Replica 3 (the runbook's layout) or plain distribute; gluster's arbiter is not in the engine's v4 API. */
export const GLUSTER_REPLICA_CHOICES = ['3', '1'] as const;
export const GLUSTER_OPTION_NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;

const volumeId = qualifiedId(`${P}.idInvalid`);
const volumeName = z
  .string({ error: `${P}.nameInvalid` })
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: `${P}.nameInvalid` });

/** Numbered brick fields → bricks in order (empty rows skipped). */
export function bricksFromForm(form: Record<string, unknown>): GlusterBrickInput[] {
  const out: GlusterBrickInput[] = [];
  for (let i = 0; i < GLUSTER_MAX_BRICKS; i++) {
    const hostId = form[`brickHost_${i}`];
    const dir = form[`brickDir_${i}`];
    if (typeof hostId === 'string' && hostId && typeof dir === 'string' && dir.trim()) out.push({ hostId, dir: dir.trim() });
  }
  return out;
}

/** Brick names ticked in a list (`brick_0` … carry the names). */
export function brickNamesFromForm(form: Record<string, unknown>): string[] {
  return Object.entries(form)
    .filter(([k, v]) => /^brick_\d+$/.test(k) && typeof v === 'string' && v.length > 0 && v.length <= 4096)
    .map(([, v]) => v as string);
}

const brickInput = z.object({ hostId: qualifiedId(`${P}.hostInvalid`), dir: z.string().max(4096) });

function withBricks<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess(
    (raw) => (raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>), bricks: bricksFromForm(raw as Record<string, unknown>) } : raw),
    z.object({ ...shape, bricks: z.array(brickInput).max(GLUSTER_MAX_BRICKS, { error: `${P}.tooManyBricks` }) }),
  );
}

/** Layout problems as field issues on `bricks`, with the catalog key of the first one. */
function checkLayout(bricks: GlusterBrickInput[], replica: number, ctx: z.RefinementCtx): void {
  for (const problem of glusterLayoutProblems(bricks, replica)) ctx.addIssue({ code: 'custom', path: ['bricks'], message: `gluster.layout.${problem}` });
}

export const glusterCreateSchema = withBricks({
  clusterId: qualifiedId(`${P}.clusterRequired`),
  name: volumeName,
  replicaCount: z.enum(GLUSTER_REPLICA_CHOICES, { error: `${P}.layoutInvalid` }).transform(Number),
  optimize: z.unknown().optional().transform((v) => v === 'on' || v === 'true'),
}).superRefine((v, ctx) => checkLayout(v.bricks, v.replicaCount, ctx));
export type GlusterCreateInput = z.infer<typeof glusterCreateSchema>;

export const GLUSTER_VOLUME_OPS = ['start', 'forceStart', 'stop', 'forceStop', 'rebalance', 'stopRebalance', 'optimize', 'resetAll', 'remove'] as const;
export const glusterVolumeOpSchema = z.object({
  id: volumeId,
  name: z.string().max(255).optional(),
  op: z.enum(GLUSTER_VOLUME_OPS, { error: `${P}.opInvalid` }),
});

export const glusterOptionSchema = z
  .object({
    id: volumeId,
    op: z.enum(['set', 'reset'], { error: `${P}.opInvalid` }),
    option: z.string({ error: `${P}.optionInvalid` }).trim().regex(GLUSTER_OPTION_NAME, { error: `${P}.optionInvalid` }),
    value: z.string().trim().max(1024, { error: `${P}.valueInvalid` }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.op === 'set' && !v.value) ctx.addIssue({ code: 'custom', path: ['value'], message: `${P}.valueInvalid` });
  });

/** New bricks fill whole replica sets of the volume's current replica count. */
export const glusterAddBricksSchema = withBricks({
  id: volumeId,
  replicaCount: z.coerce.number({ error: `${P}.layoutInvalid` }).int().min(1).max(3),
}).superRefine((v, ctx) => checkLayout(v.bricks, v.replicaCount, ctx));

export const GLUSTER_BRICK_OPS = ['migrate', 'stopMigrate', 'retain', 'commit', 'removeNow'] as const;
export const glusterBricksSchema = z.preprocess(
  (raw) => (raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>), names: brickNamesFromForm(raw as Record<string, unknown>) } : raw),
  z.object({
    id: volumeId,
    op: z.enum(GLUSTER_BRICK_OPS, { error: `${P}.opInvalid` }),
    names: z.array(z.string()).min(1, { error: `${P}.bricksRequired` }).max(GLUSTER_MAX_BRICKS * 4),
  }),
);

/** A brick of a replica set swapped for a new brick on another host (glusterReplaceRefusal says when). */
export const glusterReplaceBrickSchema = z.object({
  id: volumeId,
  oldBrick: z.string({ error: `${P}.bricksRequired` }).min(1, { error: `${P}.bricksRequired` }).max(4096),
  hostId: qualifiedId(`${P}.hostInvalid`),
  dir: z
    .string({ error: 'gluster.layout.badDir' })
    .trim()
    .max(4096)
    .refine((d) => GLUSTER_BRICK_DIR.test(d) && !d.split('/').includes('..'), { error: 'gluster.layout.badDir' }),
});
