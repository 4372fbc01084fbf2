import { z } from 'zod';
import { VOLUME_MIGRATION_POLICIES } from '@/lib/domain/volumes';

/**
 * The Volumes pages' inputs: every form, used by the
 * page, the form and the server action alike. Messages are i18n keys
 * (`volumes.validation.*`).
 */

const V = 'volumes.validation.';
export const VOLUME_ERRORS = {
  nameRequired: `${V}nameRequired`,
  nameTooLong: `${V}nameTooLong`,
  descriptionTooLong: `${V}descriptionTooLong`,
  sizeInvalid: `${V}sizeInvalid`,
  sizeNotLarger: `${V}sizeNotLarger`,
  sourceRequired: `${V}sourceRequired`,
  idInvalid: `${V}idInvalid`,
  typeRequired: `${V}typeRequired`,
  confirmMismatch: `${V}confirmMismatch`,
  policyInvalid: `${V}policyInvalid`,
} as const;
const E = VOLUME_ERRORS;

/** Cinder's own ceiling for one volume is the back end's; this only stops typos (16 TiB). */
export const MAX_VOLUME_GIB = 16_384;
export const VOLUME_SOURCES = ['blank', 'image', 'snapshot', 'volume'] as const;

const blank = (v: unknown) => (v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v);
const optionalText = (max: number) => z.preprocess(blank, z.string().trim().max(max, { error: E.descriptionTooLong }).optional());
const qualifiedId = z.string({ error: E.idInvalid }).regex(/^[^:\s]+:\S+$/, { error: E.idInvalid });
const nativeRef = z.string({ error: E.idInvalid }).trim().min(1, { error: E.idInvalid }).max(255, { error: E.idInvalid });
const gib = z.coerce.number({ error: E.sizeInvalid }).int({ error: E.sizeInvalid }).min(1, { error: E.sizeInvalid }).max(MAX_VOLUME_GIB, { error: E.sizeInvalid });
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());
const name = z.string({ error: E.nameRequired }).trim().min(1, { error: E.nameRequired }).max(255, { error: E.nameTooLong });

export const volumeCreateSchema = z
  .object({
    connectionId: z.string({ error: E.idInvalid }).regex(/^[^:\s]+$/, { error: E.idInvalid }),
    name,
    description: optionalText(255),
    sizeGiB: gib,
    volumeType: z.preprocess(blank, z.string().trim().max(255).optional()),
    availabilityZone: z.preprocess(blank, z.string().trim().max(255).optional()),
    source: z.enum(VOLUME_SOURCES, { error: E.sourceRequired }),
    imageId: z.preprocess(blank, nativeRef.optional()),
    snapshotId: z.preprocess(blank, qualifiedId.optional()),
    sourceVolumeId: z.preprocess(blank, qualifiedId.optional()),
  })
  .superRefine((v, ctx) => {
    const need = { image: 'imageId', snapshot: 'snapshotId', volume: 'sourceVolumeId' } as const;
    if (v.source !== 'blank' && !v[need[v.source]]) {
      ctx.addIssue({ code: 'custom', path: [need[v.source]], message: E.sourceRequired, input: v });
    }
  });
export type VolumeCreateForm = z.input<typeof volumeCreateSchema>;

export const volumeIdSchema = z.object({ id: qualifiedId, name: z.string().max(255).optional() });

/** Deleting asks for the volume's name to be typed, as the destructive VM actions do. */
export const volumeDeleteSchema = z
  .object({ id: qualifiedId, name: z.string().max(255), confirm: z.string().max(255).default('') })
  .refine((v) => v.confirm.trim() === v.name, { path: ['confirm'], message: E.confirmMismatch });

export const volumeExtendSchema = z
  .object({ id: qualifiedId, name: z.string().max(255).optional(), currentSizeGiB: z.coerce.number().int(), newSizeGiB: gib })
  .refine((v) => v.newSizeGiB > v.currentSizeGiB, { path: ['newSizeGiB'], message: E.sizeNotLarger });

export const volumeBootableSchema = z.object({ id: qualifiedId, name: z.string().max(255).optional(), bootable: checkbox });

export const volumeRetypeSchema = z.object({
  id: qualifiedId,
  name: z.string().max(255).optional(),
  newType: z.string({ error: E.typeRequired }).trim().min(1, { error: E.typeRequired }).max(255),
  migrationPolicy: z.enum(VOLUME_MIGRATION_POLICIES, { error: E.policyInvalid }).default('never'),
});

export const snapshotCreateSchema = z.object({
  volumeId: qualifiedId,
  name,
  description: optionalText(255),
  force: checkbox,
});

export const snapshotIdSchema = z.object({ id: qualifiedId, volumeId: qualifiedId, name: z.string().max(255).optional() });

export const snapshotRevertSchema = z.object({ volumeId: qualifiedId, snapshotId: qualifiedId, name: z.string().max(255).optional() });

/** Attach or detach: the volume and the VM, both qualified ids (their connections are looked up by the service). */
export const volumeAttachSchema = z.object({ id: qualifiedId, name: z.string().max(255).optional(), vmId: qualifiedId });
