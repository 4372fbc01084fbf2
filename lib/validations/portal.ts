import { z } from 'zod';
import { qualifiedIdSchema, vmNameSchema } from './vm';

/**
 * One schema per self-service input (portal users) and per catalog, flavor, group, quota and
 * ownership form (admins). Messages are i18n keys under portal.* and portalAdmin.*.
 */

const recordId = (key: string) => z.string().trim().min(1, key).max(64, key).regex(/^[A-Za-z0-9_-]+$/, key);
const optionalRecordId = z
  .string()
  .trim()
  .max(64)
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || /^[A-Za-z0-9_-]+$/.test(v), 'portal.errors.groupInvalid');

const int = (min: number, max: number, key: string) => z.coerce.number({ message: key }).int(key).min(min, key).max(max, key);

// ---------------------------------------------------------------- portal users

export const launchSchema = z.object({
  catalogItemId: recordId('portal.errors.catalogRequired'),
  flavorId: recordId('portal.errors.flavorRequired'),
  name: vmNameSchema,
  /** Empty: the VM is the user's alone. */
  groupId: optionalRecordId,
  /** One of the user's SSH keys (their profile), injected with cloud-init; empty: none. */
  sshKeyId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^[A-Za-z0-9_-]+$/.test(v), 'portal.errors.sshKeyGone'),
});
export type LaunchInput = z.infer<typeof launchSchema>;

/** The verbs a portal user has; the admin portal has more (suspend, reset, migrate…). */
export const PORTAL_POWER_ACTIONS = ['start', 'shutdown', 'reboot', 'stop'] as const;
export type PortalPowerAction = (typeof PORTAL_POWER_ACTIONS)[number];

export const portalPowerSchema = z.object({
  id: qualifiedIdSchema,
  action: z.enum(PORTAL_POWER_ACTIONS, { message: 'vmActions.errors.actionInvalid' }),
});

export const portalSnapshotCreateSchema = z.object({
  vmId: qualifiedIdSchema,
  description: z.string().trim().min(1, 'snapshots.errors.descriptionRequired').max(255, 'snapshots.errors.descriptionTooLong'),
});

/** revert: go back to the snapshot (oVirt: a preview, then keep or undo). */
export const PORTAL_SNAPSHOT_OPS = ['revert', 'commit', 'undo'] as const;
export const portalSnapshotOpSchema = z
  .object({
    vmId: qualifiedIdSchema,
    op: z.enum(PORTAL_SNAPSHOT_OPS, { message: 'vmActions.errors.actionInvalid' }),
    snapshotId: z
      .string()
      .trim()
      .max(512)
      .optional()
      .transform((v) => v || undefined),
  })
  .refine((v) => v.op !== 'revert' || !!v.snapshotId, { path: ['snapshotId'], message: 'portal.errors.snapshotRequired' });

export const portalResizeSchema = z.object({
  id: qualifiedIdSchema,
  flavorId: recordId('portal.errors.flavorRequired'),
});

export const portalDeleteSchema = z.object({
  id: qualifiedIdSchema,
  confirmName: z.string().trim().min(1, 'vmActions.errors.confirmName').max(255),
});

// ---------------------------------------------------------------- admins

export const catalogItemSchema = z
  .object({
    name: z.string().trim().min(1, 'portalAdmin.errors.nameRequired').max(64, 'portalAdmin.errors.nameTooLong'),
    description: z.string().trim().max(255, 'portalAdmin.errors.descriptionTooLong').optional().transform((v) => v || undefined),
    /**
     * "template|<qualified id>", "image|<qualified id>" or "volume|<volume connection id>:<image id>"
     * (an image service's image, launched on a new volume made from it): one select lists all kinds.
     */
    source: z
      .string()
      .trim()
      .regex(/^(template|image|volume)\|.+/, 'portalAdmin.errors.sourceRequired')
      .transform((v) => ({ kind: v.slice(0, v.indexOf('|')) as 'template' | 'image' | 'volume', id: v.slice(v.indexOf('|') + 1) }))
      .pipe(z.object({ kind: z.enum(['template', 'image', 'volume']), id: qualifiedIdSchema })),
    clusterId: qualifiedIdSchema,
    storageDomainId: z
      .string()
      .trim()
      .max(512)
      .optional()
      .transform((v) => v || undefined),
    /** image: the network (a vNIC profile id, as the wizard offers them) of the VM's one NIC. */
    networkId: z
      .string()
      .trim()
      .max(512)
      .optional()
      .transform((v) => v || undefined),
    /** volume: the new boot volume's type (empty: the volume service's default type). */
    volumeType: z
      .string()
      .trim()
      .max(255, 'portalAdmin.errors.volumeTypeGone')
      .optional()
      .transform((v) => v || undefined),
    minDiskGiB: int(1, 64 * 1024, 'portalAdmin.errors.diskInvalid'),
  })
  .superRefine((v, ctx) => {
    if (v.source.kind === 'image' && !v.storageDomainId) ctx.addIssue({ code: 'custom', path: ['storageDomainId'], message: 'portalAdmin.errors.storageDomainRequired' });
    // A base image or a volume brings no NIC: without a network the user would launch a VM nobody can reach.
    if (v.source.kind !== 'template' && !v.networkId) ctx.addIssue({ code: 'custom', path: ['networkId'], message: 'portalAdmin.errors.networkRequired' });
  });

export const catalogItemIdSchema = z.object({ id: recordId('portalAdmin.errors.notFound') });
export const catalogPublishSchema = z.object({ id: recordId('portalAdmin.errors.notFound'), published: z.enum(['true', 'false']).transform((v) => v === 'true') });

export const flavorSchema = z.object({
  name: z.string().trim().min(1, 'portalAdmin.errors.nameRequired').max(64, 'portalAdmin.errors.nameTooLong'),
  vcpus: int(1, 256, 'portalAdmin.errors.vcpusInvalid'),
  memoryMiB: int(256, 4 * 1024 * 1024, 'portalAdmin.errors.memoryInvalid'),
  diskGiB: int(1, 64 * 1024, 'portalAdmin.errors.diskInvalid'),
});
export const flavorIdSchema = z.object({ id: recordId('portalAdmin.errors.notFound') });

export const groupSchema = z.object({
  name: z.string().trim().min(1, 'portalAdmin.errors.nameRequired').max(64, 'portalAdmin.errors.nameTooLong').regex(/^[\p{L}\p{N} _.-]+$/u, 'portalAdmin.errors.groupNameInvalid'),
});
export const groupIdSchema = z.object({ id: recordId('portalAdmin.errors.notFound') });
export const groupMemberSchema = z.object({
  groupId: recordId('portalAdmin.errors.notFound'),
  userId: recordId('portalAdmin.errors.userRequired'),
});

/** Empty: no limit on that resource. */
const limit = (key: string) =>
  z
    .union([z.literal(''), z.coerce.number({ message: key }).int(key).min(0, key).max(1_000_000_000, key)])
    .optional()
    .transform((v) => (v === '' || v === undefined ? null : v));

export const QUOTA_SCOPES = ['default', 'user', 'group'] as const;
export const quotaSchema = z
  .object({
    scope: z.enum(QUOTA_SCOPES, { message: 'portalAdmin.errors.scopeInvalid' }),
    subjectId: z.string().trim().max(64).default(''),
    maxVms: limit('portalAdmin.errors.limitInvalid'),
    maxVcpus: limit('portalAdmin.errors.limitInvalid'),
    maxMemoryMiB: limit('portalAdmin.errors.limitInvalid'),
    maxStorageGiB: limit('portalAdmin.errors.limitInvalid'),
    maxSnapshots: limit('portalAdmin.errors.limitInvalid'),
  })
  .superRefine((v, ctx) => {
    if (v.scope !== 'default' && !/^[A-Za-z0-9_-]+$/.test(v.subjectId)) ctx.addIssue({ code: 'custom', path: ['subjectId'], message: 'portalAdmin.errors.subjectRequired' });
  });
export const quotaClearSchema = z.object({
  scope: z.enum(['user', 'group'], { message: 'portalAdmin.errors.scopeInvalid' }),
  subjectId: recordId('portalAdmin.errors.subjectRequired'),
});

/** An admin gives a VM (found by connection and name, as the engine names it) to a user. */
export const ownershipAssignSchema = z.object({
  connectionId: z.string().trim().min(1, 'portalAdmin.errors.connectionRequired').max(64),
  vmName: z.string().trim().min(1, 'portalAdmin.errors.vmRequired').max(255),
  ownerId: recordId('portalAdmin.errors.userRequired'),
  groupId: optionalRecordId,
});
export const ownershipReleaseSchema = z.object({ vmId: qualifiedIdSchema });

// ---------------------------------------------------------------- portal volumes

const volumeGib = int(1, 16_384, 'volumes.validation.sizeInvalid');

/** A blank volume on one of the volume connections, in the user's name (and optionally a group's). */
export const portalVolumeCreateSchema = z.object({
  connectionId: z.string().trim().min(1, 'portal.volumes.errors.connectionRequired').max(64).regex(/^[^:\s]+$/, 'portal.volumes.errors.connectionRequired'),
  name: z.string().trim().min(1, 'volumes.validation.nameRequired').max(255, 'volumes.validation.nameTooLong'),
  sizeGiB: volumeGib,
  groupId: optionalRecordId,
});
export type PortalVolumeCreateInput = z.infer<typeof portalVolumeCreateSchema>;

export const portalVolumeExtendSchema = z.object({ id: qualifiedIdSchema, newSizeGiB: volumeGib });

export const portalVolumeSnapshotSchema = z.object({
  volumeId: qualifiedIdSchema,
  name: z.string().trim().min(1, 'volumes.validation.nameRequired').max(255, 'volumes.validation.nameTooLong'),
});

/** A user's volume and a VM of theirs, for attach and detach; both are checked against ownership by the service. */
export const portalVolumeAttachSchema = z.object({ id: qualifiedIdSchema, vmId: qualifiedIdSchema });

export const portalVolumeDeleteSchema = z.object({ id: qualifiedIdSchema, confirmName: z.string().max(255) });

export const volumeOwnershipAssignSchema = z.object({
  volumeId: qualifiedIdSchema,
  ownerId: recordId('portalAdmin.errors.userRequired'),
  groupId: optionalRecordId,
});
export const volumeOwnershipReleaseSchema = z.object({ volumeId: qualifiedIdSchema });
export const portalVolumeSnapshotDeleteSchema = z.object({ volumeId: qualifiedIdSchema, snapshotId: qualifiedIdSchema });
