import { z } from 'zod';
import { qualifiedId } from './datacenter';
import { DISK_FORMATS, DISK_MAX_GIB } from './disk';
import { DISK_INTERFACES, NIC_INTERFACES, qualifiedIdSchema } from './vm';

/**
 * The forms of a VM's disks, NICs and CD-ROM tabs (issue 19): one schema per form, parsed in the
 * browser first and again by the server action. Messages are i18n keys under vmDevices.errors.
 */

const P = 'vmDevices.errors';

const flag = z
  .union([z.literal('on'), z.literal('true'), z.literal('false'), z.literal(''), z.boolean()])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v === 'on' || v === 'true' || v === true));

const sizeGiB = z.coerce
  .number({ error: `${P}.sizeInvalid` })
  .refine((n) => Number.isFinite(n) && n > 0, { error: `${P}.sizeInvalid` })
  .refine((n) => n * 1024 >= 1, { error: `${P}.sizeInvalid` })
  .refine((n) => n <= DISK_MAX_GIB, { error: `${P}.sizeTooLarge` });

/** What the engine and libvirt both take as a device or volume name. */
const deviceName = z
  .string({ error: `${P}.nameRequired` })
  .trim()
  .min(1, { error: `${P}.nameRequired` })
  .max(64, { error: `${P}.nameTooLong` })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: `${P}.nameInvalid` });

/** The display name of the device the row showed, for the audit entry and the answer. */
const shownName = z.string().trim().max(255).default('');

const optionalProfile = z
  .string()
  .trim()
  .max(512)
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || qualifiedIdSchema.safeParse(v).success, { error: `${P}.profileInvalid` });

/** A unicast MAC address; empty: the backend's pool picks one. */
const mac = z
  .string()
  .trim()
  .max(17)
  .optional()
  .transform((v) => (v ? v.toLowerCase() : undefined))
  .refine((v) => v === undefined || /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(v), { error: `${P}.macInvalid` })
  // The first octet's lowest bit set is a multicast address: no NIC may have one.
  .refine((v) => v === undefined || (parseInt(v.slice(0, 2), 16) & 1) === 0, { error: `${P}.macMulticast` });

export const vmDiskAddSchema = z.object({
  vmId: qualifiedIdSchema,
  name: deviceName,
  sizeGiB,
  storageDomainId: qualifiedId(`${P}.domainRequired`),
  format: z.enum(DISK_FORMATS, { error: `${P}.formatInvalid` }),
  interface: z.enum(DISK_INTERFACES, { error: `${P}.interfaceInvalid` }),
  bootable: flag.transform((v) => v ?? false),
});
export type VmDiskAddInput = z.infer<typeof vmDiskAddSchema>;

export const vmDiskAttachSchema = z.object({
  vmId: qualifiedIdSchema,
  diskId: qualifiedIdSchema,
  interface: z.enum(DISK_INTERFACES, { error: `${P}.interfaceInvalid` }),
  bootable: flag.transform((v) => v ?? false),
});

export const vmDiskUpdateSchema = z
  .object({
    vmId: qualifiedIdSchema,
    diskId: qualifiedIdSchema,
    name: shownName,
    interface: z.enum(DISK_INTERFACES, { error: `${P}.interfaceInvalid` }).optional(),
    bootable: flag,
    active: flag,
  })
  .refine((v) => v.interface !== undefined || v.bootable !== undefined || v.active !== undefined, { error: `${P}.nothingToChange`, path: ['interface'] });

export const vmDiskGrowSchema = z.object({
  vmId: qualifiedIdSchema,
  diskId: qualifiedIdSchema,
  name: shownName,
  sizeGiB,
});

export const vmDiskDetachSchema = z
  .object({
    vmId: qualifiedIdSchema,
    diskId: qualifiedIdSchema,
    name: shownName,
    removeData: flag.transform((v) => v ?? false),
    /** With removeData: the disk's name typed again, since its data is destroyed. */
    confirm: z.string().trim().max(255).default(''),
  })
  .refine((v) => !v.removeData || v.confirm === v.name, { path: ['confirm'], error: `${P}.confirmMismatch` });

export const vmNicAddSchema = z.object({
  vmId: qualifiedIdSchema,
  name: deviceName,
  vnicProfileId: optionalProfile,
  interface: z.enum(NIC_INTERFACES, { error: `${P}.interfaceInvalid` }),
  mac,
});
export type VmNicAddInput = z.infer<typeof vmNicAddSchema>;

export const vmNicUpdateSchema = z.object({
  vmId: qualifiedIdSchema,
  nicId: qualifiedIdSchema,
  name: shownName,
  linked: flag,
  plugged: flag,
  /** Only sent by the edit form: the profile ('' = no network), the model and the MAC. */
  edit: flag,
  vnicProfileId: optionalProfile,
  interface: z.enum(NIC_INTERFACES, { error: `${P}.interfaceInvalid` }).optional(),
  mac,
});

export const vmNicRemoveSchema = z.object({
  vmId: qualifiedIdSchema,
  nicId: qualifiedIdSchema,
  name: shownName,
});

export const CDROM_SCOPES = ['live', 'persistent', 'both'] as const;
export type CdromScope = (typeof CDROM_SCOPES)[number];

export const vmCdromSchema = z.object({
  vmId: qualifiedIdSchema,
  /** '' ejects. */
  isoFileId: z.string().trim().max(1024).default(''),
  /** live: the running VM's drive only; persistent: the next start; both: now and after a restart. */
  scope: z.enum(CDROM_SCOPES, { error: `${P}.scopeInvalid` }),
});
