import { z } from 'zod';
import { DESCRIPTION_MAX, checkbox, infraName, optionalText, qualifiedId, removeSchema } from './datacenter';

/** THE storage domain forms: create (per storage type), iSCSI discovery/login, lifecycle, remove. */

const P = 'storageActions.errors';
export const STORAGE_PURPOSES = ['data', 'iso', 'export'] as const;
export const STORAGE_TYPES_CREATABLE = ['nfs', 'glusterfs', 'posixfs', 'iscsi', 'fcp'] as const;
export const NFS_VERSIONS = ['auto', 'v3', 'v4', 'v4_1', 'v4_2'] as const;
/** ISO and export domains live on file storage only (the engine refuses block storage for them). */
export const FILE_STORAGE: ReadonlySet<string> = new Set(['nfs', 'glusterfs', 'posixfs']);

const SERVER = /^[A-Za-z0-9.:[\]-]+$/;
const LUN_ID = /^[A-Za-z0-9_.:-]+$/;
const text = (max: number) => z.string().trim().max(max, { error: `${P}.tooLong` }).optional();

export const storageDomainCreateSchema = z
  .object({
    hostId: qualifiedId(`${P}.hostRequired`),
    name: infraName(P),
    description: optionalText(DESCRIPTION_MAX, `${P}.tooLong`),
    purpose: z.enum(STORAGE_PURPOSES, { error: `${P}.purposeInvalid` }),
    storageType: z.enum(STORAGE_TYPES_CREATABLE, { error: `${P}.typeInvalid` }),
    address: text(255),
    path: text(1024),
    nfsVersion: z.enum(NFS_VERSIONS).optional(),
    vfsType: text(64),
    mountOptions: text(512),
    /** Comma-separated LUN ids (one hidden input). */
    lunIds: z
      .string()
      .optional()
      .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
    overrideLuns: checkbox,
  })
  .superRefine((v, ctx) => {
    const need = (field: 'address' | 'path' | 'vfsType', key: string) => {
      if (!v[field]) ctx.addIssue({ code: 'custom', path: [field], message: `${P}.${key}` });
    };
    if (v.purpose !== 'data' && !FILE_STORAGE.has(v.storageType)) {
      ctx.addIssue({ code: 'custom', path: ['storageType'], message: `${P}.fileOnly` });
    }
    if (v.storageType === 'nfs') {
      need('address', 'serverRequired');
      need('path', 'exportRequired');
      if (v.address && !SERVER.test(v.address)) ctx.addIssue({ code: 'custom', path: ['address'], message: `${P}.serverInvalid` });
      if (v.path && !v.path.startsWith('/')) ctx.addIssue({ code: 'custom', path: ['path'], message: `${P}.exportAbsolute` });
    } else if (v.storageType === 'glusterfs') {
      need('address', 'serverRequired');
      need('path', 'volumeRequired');
      if (v.address && !SERVER.test(v.address)) ctx.addIssue({ code: 'custom', path: ['address'], message: `${P}.serverInvalid` });
    } else if (v.storageType === 'posixfs') {
      need('path', 'pathRequired');
      need('vfsType', 'vfsRequired');
    } else {
      if (v.lunIds.length === 0) ctx.addIssue({ code: 'custom', path: ['lunIds'], message: `${P}.lunRequired` });
      if (v.lunIds.some((id) => !LUN_ID.test(id) || id.length > 128)) ctx.addIssue({ code: 'custom', path: ['lunIds'], message: `${P}.lunRequired` });
    }
  });
export type StorageDomainCreateInput = z.infer<typeof storageDomainCreateSchema>;

const port = z.preprocess(
  (v) => (v === '' || v === undefined || v === null ? 3260 : Number(v)),
  z.number({ error: `${P}.portInvalid` }).int({ error: `${P}.portInvalid` }).min(1, { error: `${P}.portInvalid` }).max(65535, { error: `${P}.portInvalid` }),
);
const portal = z.string({ error: `${P}.portalRequired` }).trim().min(1, { error: `${P}.portalRequired` }).max(255, { error: `${P}.portalRequired` }).regex(SERVER, { error: `${P}.serverInvalid` });

export const iscsiDiscoverSchema = z.object({ hostId: qualifiedId(`${P}.hostRequired`), address: portal, port });
export type IscsiDiscoverInput = z.infer<typeof iscsiDiscoverSchema>;

export const iscsiLoginSchema = z.object({
  hostId: qualifiedId(`${P}.hostRequired`),
  address: portal,
  port,
  target: z.string({ error: `${P}.targetRequired` }).trim().min(1, { error: `${P}.targetRequired` }).max(223, { error: `${P}.targetRequired` }),
  username: text(255),
  password: z.string().max(255, { error: `${P}.tooLong` }).optional(),
});
export type IscsiLoginInput = z.infer<typeof iscsiLoginSchema>;

export const hostLunsSchema = z.object({ hostId: qualifiedId(`${P}.hostRequired`) });

export const storageAttachSchema = z.object({
  id: qualifiedId(`${P}.idInvalid`),
  dataCenterId: qualifiedId(`${P}.dataCenterRequired`),
});
export type StorageAttachInput = z.infer<typeof storageAttachSchema>;

export const STORAGE_STATE_OPS = ['activate', 'deactivate', 'detach'] as const;
export const storageStateSchema = storageAttachSchema.extend({ op: z.enum(STORAGE_STATE_OPS, { error: `${P}.idInvalid` }) });
export type StorageStateInput = z.infer<typeof storageStateSchema>;

export const storageRemoveSchema = removeSchema(P).and(
  z.object({ hostId: qualifiedId(`${P}.hostRequired`), format: checkbox }),
);
export type StorageRemoveInput = z.infer<typeof storageRemoveSchema>;
