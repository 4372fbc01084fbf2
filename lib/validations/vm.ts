import { z } from 'zod';
import { VM_BULK_ACTIONS, VM_POWER_ACTIONS } from '@/lib/domain/vm-actions';
import { parseQualifiedId } from '@/lib/domain/ids';

/**
 * One schema per VM operation, used by the form (before submit) and by the
 * server action alike. Messages are i18n keys (vmActions.*, vmWizard.*,
 * snapshots.*, hostActions.*, templateActions.*).
 */

/** A qualified id (`connection:native`), as every list and page hands out. */
export const qualifiedIdSchema = z
  .string()
  .trim()
  .max(512)
  .refine((v) => parseQualifiedId(v) !== undefined, 'vmActions.errors.idInvalid');

const optionalId = z
  .string()
  .trim()
  .max(512)
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || parseQualifiedId(v) !== undefined, 'vmActions.errors.idInvalid');

/** The engine's own name rule: letters, digits, '_', '-', '.'. */
export const vmNameSchema = z
  .string()
  .trim()
  .min(1, 'vmWizard.errors.nameRequired')
  .max(64, 'vmWizard.errors.nameTooLong')
  .regex(/^[A-Za-z0-9_.-]+$/, 'vmWizard.errors.nameInvalid');

const checkbox = z
  .union([z.literal('on'), z.literal('true'), z.literal('false'), z.literal(''), z.boolean()])
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === true);

const int = (min: number, max: number, key: string) => z.coerce.number({ message: key }).int(key).min(min, key).max(max, key);

// In lib/domain so the VM list's toolbar offers them without loading zod (issue 21).
export { VM_BULK_ACTIONS, type VmBulkAction } from '@/lib/domain/vm-actions';

export const vmPowerSchema = z.object({
  id: qualifiedIdSchema,
  action: z.enum(VM_POWER_ACTIONS, { message: 'vmActions.errors.actionInvalid' }),
});

/** Ids one per line (a hidden field), at most one page of a list. */
export const vmBulkSchema = z.object({
  action: z.enum(VM_BULK_ACTIONS, { message: 'vmActions.errors.actionInvalid' }),
  ids: z
    .string()
    .transform((v) => [...new Set(v.split('\n').map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(qualifiedIdSchema).min(1, 'vmActions.errors.noneSelected').max(500, 'vmActions.errors.tooMany')),
});

export const vmRunOnceSchema = z.object({
  id: qualifiedIdSchema,
  isoFileId: z.string().trim().min(1, 'vmActions.errors.isoRequired').max(512),
});

export const vmMigrateSchema = z.object({
  id: qualifiedIdSchema,
  /** Empty: the engine's scheduler chooses. */
  hostId: optionalId,
});

export const vmCancelMigrationSchema = z.object({ id: qualifiedIdSchema });

/** A direct clone of a stopped VM: only the new name is asked (same cluster, storage and settings). */
export const vmCloneSchema = z.object({
  id: qualifiedIdSchema,
  name: vmNameSchema,
});

export const vmEditSchema = z.object({
  id: qualifiedIdSchema,
  name: vmNameSchema,
  description: z.string().trim().max(255, 'vmWizard.errors.descriptionTooLong').default(''),
  sockets: int(1, 64, 'vmWizard.errors.cpuInvalid'),
  cores: int(1, 64, 'vmWizard.errors.cpuInvalid'),
  threads: int(1, 8, 'vmWizard.errors.cpuInvalid'),
  memoryMiB: int(256, 4 * 1024 * 1024, 'vmWizard.errors.memoryInvalid'),
});

export const vmDeleteSchema = z.object({
  id: qualifiedIdSchema,
  confirmName: z.string().trim().min(1, 'vmActions.errors.confirmName').max(255),
  keepDisks: checkbox,
  /** Block storage volumes attached to the VM: detached and kept (default), or detached and deleted. */
  deleteVolumes: checkbox,
});

export const DISK_INTERFACES = ['virtio_scsi', 'virtio', 'sata', 'ide'] as const;
export const NIC_INTERFACES = ['virtio', 'e1000', 'rtl8139'] as const;

export const wizardDiskSchema = z.object({
  sizeGiB: int(1, 64 * 1024, 'vmWizard.errors.diskSizeInvalid'),
  storageDomainId: qualifiedIdSchema,
  thin: z.boolean(),
  interface: z.enum(DISK_INTERFACES, { message: 'vmWizard.errors.diskInterfaceInvalid' }),
});
export type WizardDisk = z.infer<typeof wizardDiskSchema>;

export const wizardNicSchema = z.object({
  name: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,50}$/, 'vmWizard.errors.nicNameInvalid'),
  vnicProfileId: optionalId,
  interface: z.enum(NIC_INTERFACES, { message: 'vmWizard.errors.nicInterfaceInvalid' }),
});
export type WizardNic = z.infer<typeof wizardNicSchema>;

/** A list sent as one JSON field (the form's disk and NIC rows). */
function jsonList<T extends z.ZodType>(item: T, key: string) {
  return z
    .union([z.string(), z.array(z.unknown())])
    .transform((v, ctx) => {
      if (Array.isArray(v)) return v;
      if (v.trim() === '') return [];
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: key });
        return z.NEVER;
      }
    })
    .pipe(z.array(item).max(16, key));
}

/**
 * Where a new VM's first disk comes from: an engine template, a base image volume, nothing
 * (blank), or a block storage volume (Cinder) it boots from: an existing bootable one or a new one
 * made from an image of the image service.
 */
export const VM_SOURCES = ['template', 'image', 'blank', 'volume'] as const;
export type VmSource = (typeof VM_SOURCES)[number];
export const CONSOLE_TYPES = ['vnc', 'spice'] as const;

export const vmCreateSchema = z
  .object({
    connectionId: z.string().trim().min(1, 'vmWizard.errors.connectionRequired').max(64),
    name: vmNameSchema,
    description: z.string().trim().max(255, 'vmWizard.errors.descriptionTooLong').optional().transform((v) => v || undefined),
    source: z.enum(VM_SOURCES, { message: 'vmWizard.errors.sourceInvalid' }),
    templateId: optionalId,
    /** A base image volume (libvirt pools): the new disk overlays it copy-on-write. */
    baseImageId: optionalId,
    cloneDisks: checkbox,
    /**
     * From a base image: the boot disk (the overlay or copy) grows to this size when the image is
     * smaller. Empty: the image's own size. The portal's flavors set it.
     */
    bootDiskGiB: z
      .union([z.literal(''), int(1, 64 * 1024, 'vmWizard.errors.diskSizeInvalid')])
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    /** Source "volume": an existing bootable volume (qualified id on its Cinder connection)… */
    bootVolumeId: optionalId,
    /** …or a new volume from this image of the image service of `volumeConnectionId`. */
    bootImageId: z.string().trim().max(64).regex(/^[A-Za-z0-9-]*$/, 'vmWizard.errors.bootImageInvalid').optional().transform((v) => v || undefined),
    volumeConnectionId: z.string().trim().max(64).optional().transform((v) => v || undefined),
    /** The new volume's type on that connection (empty: its default type); the portal's catalog sets it. */
    bootVolumeType: z.string().trim().max(255).optional().transform((v) => v || undefined),
    bootVolumeGiB: z
      .union([z.literal(''), int(1, 64 * 1024, 'vmWizard.errors.diskSizeInvalid')])
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    clusterId: qualifiedIdSchema,
    /** Empty: the scheduler places the VM anywhere in the cluster. */
    hostId: optionalId,
    sockets: int(1, 64, 'vmWizard.errors.cpuInvalid'),
    cores: int(1, 64, 'vmWizard.errors.cpuInvalid'),
    threads: int(1, 8, 'vmWizard.errors.cpuInvalid'),
    memoryMiB: int(256, 4 * 1024 * 1024, 'vmWizard.errors.memoryInvalid'),
    disks: jsonList(wizardDiskSchema, 'vmWizard.errors.disksInvalid'),
    nics: jsonList(wizardNicSchema, 'vmWizard.errors.nicsInvalid'),
    isoFileId: z.string().trim().max(512).optional().transform((v) => v || undefined),
    /** Empty: the backend's default console. */
    console: z
      .union([z.enum(CONSOLE_TYPES), z.literal('')], { message: 'vmWizard.errors.consoleInvalid' })
      .optional()
      .transform((v) => v || undefined),
    haEnabled: checkbox,
    haPriority: int(1, 100, 'vmWizard.errors.haPriorityInvalid').default(1),
    cloudInit: checkbox,
    ciHostname: z.string().trim().max(255).regex(/^[A-Za-z0-9.-]*$/, 'vmWizard.errors.hostnameInvalid').optional().transform((v) => v || undefined),
    ciUser: z.string().trim().max(64).regex(/^[a-z_][a-z0-9_-]*$|^$/, 'vmWizard.errors.userInvalid').optional().transform((v) => v || undefined),
    ciPassword: z.string().max(256).optional().transform((v) => v || undefined),
    ciSshKey: z
      .string()
      .trim()
      .max(16 * 1024)
      .refine((v) => v === '' || /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+|sk-\S+) \S+/.test(v), 'vmWizard.errors.sshKeyInvalid')
      .optional()
      .transform((v) => v || undefined),
    ciTimezone: z.string().trim().max(64).regex(/^[A-Za-z0-9_+\-/]*$/, 'vmWizard.errors.timezoneInvalid').optional().transform((v) => v || undefined),
  })
  .superRefine((v, ctx) => {
    const sameConnection = (id: string | undefined) => !id || parseQualifiedId(id)?.connectionId === v.connectionId;
    if (v.source === 'template' && !v.templateId) ctx.addIssue({ code: 'custom', path: ['templateId'], message: 'vmWizard.errors.templateRequired' });
    if (v.source === 'image' && !v.baseImageId) ctx.addIssue({ code: 'custom', path: ['baseImageId'], message: 'vmWizard.errors.baseImageRequired' });
    if (v.source === 'volume' && !v.bootVolumeId && !(v.bootImageId && v.volumeConnectionId && v.bootVolumeGiB)) {
      ctx.addIssue({ code: 'custom', path: ['bootVolumeId'], message: 'vmWizard.errors.bootVolumeRequired' });
    }
    if (v.source === 'blank' && v.disks.length === 0 && !v.isoFileId) {
      ctx.addIssue({ code: 'custom', path: ['disks'], message: 'vmWizard.errors.blankNeedsDiskOrIso' });
    }
    const ids = [v.clusterId, v.hostId, v.templateId, v.baseImageId, ...v.disks.map((d) => d.storageDomainId), ...v.nics.map((n) => n.vnicProfileId)];
    if (!ids.every(sameConnection)) ctx.addIssue({ code: 'custom', path: ['clusterId'], message: 'vmWizard.errors.mixedConnections' });
    if (new Set(v.nics.map((n) => n.name)).size !== v.nics.length) ctx.addIssue({ code: 'custom', path: ['nics'], message: 'vmWizard.errors.nicNamesUnique' });
  });
export type VmCreateInput = z.infer<typeof vmCreateSchema>;

export const snapshotCreateSchema = z.object({
  vmId: qualifiedIdSchema,
  description: z.string().trim().min(1, 'snapshots.errors.descriptionRequired').max(255, 'snapshots.errors.descriptionTooLong'),
  persistMemory: checkbox,
});

/** preview/commit/undo: oVirt's two-step way back; revert: straight back (libvirt). The backend offers one or the other. */
export const SNAPSHOT_OPS = ['preview', 'commit', 'undo', 'revert', 'delete'] as const;
export const snapshotOpSchema = z.object({
  vmId: qualifiedIdSchema,
  op: z.enum(SNAPSHOT_OPS, { message: 'vmActions.errors.actionInvalid' }),
  snapshotId: optionalId,
});

export const snapshotCloneSchema = z.object({
  vmId: qualifiedIdSchema,
  snapshotId: qualifiedIdSchema,
  name: vmNameSchema,
});

export const templateCreateSchema = z.object({
  vmId: qualifiedIdSchema,
  name: vmNameSchema,
  description: z.string().trim().max(255, 'vmWizard.errors.descriptionTooLong').optional().transform((v) => v || undefined),
});

export const templateDeleteSchema = z.object({
  id: qualifiedIdSchema,
  confirmName: z.string().trim().min(1, 'vmActions.errors.confirmName').max(255),
});

export const HOST_ACTIONS = ['activate', 'deactivate', 'fenceRestart'] as const;
export type HostAction = (typeof HOST_ACTIONS)[number];
export const hostActionSchema = z.object({
  id: qualifiedIdSchema,
  action: z.enum(HOST_ACTIONS, { message: 'vmActions.errors.actionInvalid' }),
});
