import { z } from 'zod';
import { qualifiedId } from './datacenter';

/**
 * THE disk (storage volume) forms of a storage domain's page: create, grow, delete.
 * Parsed by the form and again by the server action; messages are i18n keys.
 */

const P = 'diskActions.errors';
const GiB = 1024 ** 3;
/** What one volume may be asked to hold: well past any pool we know, short of a typo's thousand terabytes. */
export const DISK_MAX_GIB = 65_536;
export const DISK_FORMATS = ['qcow2', 'raw'] as const;
export type DiskFormat = (typeof DISK_FORMATS)[number];

/** libvirt's and oVirt's common ground for a volume name (a file name in a dir pool). */
const DISK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Sizes in GiB, fractions allowed (0.5 = 512 MiB), whole MiB on the wire. */
const sizeGiB = z.coerce
  .number({ error: `${P}.sizeInvalid` })
  .refine((n) => Number.isFinite(n), { error: `${P}.sizeInvalid` })
  .refine((n) => n * 1024 >= 1, { error: `${P}.sizeTooSmall` })
  .refine((n) => n <= DISK_MAX_GIB, { error: `${P}.sizeTooLarge` });

/** GiB → bytes, rounded to whole MiB (what every pool allocates in). */
export function bytesOfGiB(gib: number): number {
  return Math.round(gib * 1024) * (GiB / 1024);
}

export const diskCreateSchema = z.object({
  storageDomainId: qualifiedId(`${P}.domainRequired`),
  name: z
    .string({ error: `${P}.nameRequired` })
    .trim()
    .min(1, { error: `${P}.nameRequired` })
    .max(255, { error: `${P}.nameTooLong` })
    .regex(DISK_NAME, { error: `${P}.nameInvalid` }),
  sizeGiB,
  /** qcow2: thin (grows as written); raw: preallocated. */
  format: z.enum(DISK_FORMATS, { error: `${P}.formatInvalid` }),
});
export type DiskCreateFormInput = z.infer<typeof diskCreateSchema>;

export const diskResizeSchema = z.object({
  diskId: qualifiedId(`${P}.diskRequired`),
  name: z.string().trim().max(255).optional(),
  sizeGiB,
});

export const diskRemoveSchema = z
  .object({
    diskId: qualifiedId(`${P}.diskRequired`),
    name: z.string().trim().min(1, { error: `${P}.diskRequired` }).max(255),
    /** The disk's name typed again: deleting a volume destroys its data. */
    confirm: z.string().trim(),
  })
  .refine((v) => v.confirm === v.name, { path: ['confirm'], error: `${P}.confirmMismatch` });
