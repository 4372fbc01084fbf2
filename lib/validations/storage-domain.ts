import { z } from 'zod';
import { DESCRIPTION_MAX, checkbox, infraName, optionalText, qualifiedId, removeSchema } from './datacenter';

/** THE storage domain forms: create (per storage type), iSCSI discovery/login, lifecycle, remove. */

const P = 'storageActions.errors';
export const STORAGE_PURPOSES = ['data', 'iso', 'export'] as const;
export const STORAGE_TYPES_CREATABLE = ['nfs', 'glusterfs', 'posixfs', 'iscsi', 'fcp', 'managed_block_storage'] as const;
/** Cinder driver option rows a managed block domain may carry (a real driver needs a handful). */
export const DRIVER_OPTIONS_MAX = 64;
/** A cinder.conf option name: letters, digits, underscores (some drivers use dots or dashes). */
const OPTION_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;
/** The form's option rows travel as opt.<n>.name / opt.<n>.value / opt.<n>.sensitive. */
const OPTION_FIELD = /^opt\.(\d{1,3})\.(name|value|sensitive)$/;

/**
 * The Ceph RBD preset of the form: what cinder's RBDDriver needs. rbd_keyring_conf is the keyring
 * itself (the engine hands it to cinderlib), so it is a sensitive, write-only option.
 */
export const CEPH_RBD_PRESET: readonly { name: string; value: string; sensitive: boolean }[] = [
  { name: 'volume_driver', value: 'cinder.volume.drivers.rbd.RBDDriver', sensitive: false },
  { name: 'rbd_pool', value: '', sensitive: false },
  { name: 'rbd_user', value: '', sensitive: false },
  { name: 'rbd_ceph_conf', value: '/etc/ceph/ceph.conf', sensitive: false },
  { name: 'rbd_keyring_conf', value: '', sensitive: true },
];

/**
 * Option names that hold secrets in Cinder drivers (san_password, rbd_keyring_conf, *_secret,
 * *_token, *_key…): always sent as driver_sensitive_options, ticked or not, so the engine never
 * stores them where it could show them again.
 */
export const SENSITIVE_OPTION = /(password|passwd|secret|keyring|token|credential|(^|_)key$)/i;

const driverOption = z.object({
  name: z.string().trim().max(128, { error: `${P}.optionNameInvalid` }),
  value: z.string().max(8192, { error: `${P}.tooLong` }),
  sensitive: z.boolean(),
});
export type DriverOptionRow = z.infer<typeof driverOption>;

/** Gathers the flat opt.<n>.* fields into rows (empty rows dropped), in the form's order. */
function gatherOptions(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const rows = new Map<number, { name: string; value: string; sensitive: boolean }>();
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const m = OPTION_FIELD.exec(key);
    if (!m) {
      rest[key] = value;
      continue;
    }
    const row = rows.get(Number(m[1])) ?? { name: '', value: '', sensitive: false };
    if (m[2] === 'sensitive') row.sensitive = value === 'on' || value === 'true' || value === true;
    else row[m[2] as 'name' | 'value'] = typeof value === 'string' ? value : '';
    rows.set(Number(m[1]), row);
  }
  if (Array.isArray(rest.driverOptions)) return rest;
  const list = [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => ({ ...r, sensitive: r.sensitive || SENSITIVE_OPTION.test(r.name.trim()) }))
    .filter((r) => r.name.trim() || r.value);
  return { ...rest, driverOptions: list };
}
export const NFS_VERSIONS = ['auto', 'v3', 'v4', 'v4_1', 'v4_2'] as const;
/** ISO and export domains live on file storage only (the engine refuses block storage for them). */
export const FILE_STORAGE: ReadonlySet<string> = new Set(['nfs', 'glusterfs', 'posixfs']);

const SERVER = /^[A-Za-z0-9.:[\]-]+$/;
const LUN_ID = /^[A-Za-z0-9_.:-]+$/;
const text = (max: number) => z.string().trim().max(max, { error: `${P}.tooLong` }).optional();

export const storageDomainCreateSchema = z.preprocess(gatherOptions, z
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
    driverOptions: z.array(driverOption).max(DRIVER_OPTIONS_MAX, { error: `${P}.optionsTooMany` }).default([]),
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
    } else if (v.storageType === 'managed_block_storage') {
      // Which options a driver needs is the driver's business (the engine asks cinderlib); the
      // form checks only that each row is a named option, once.
      if (v.driverOptions.length === 0) ctx.addIssue({ code: 'custom', path: ['driverOptions'], message: `${P}.optionsRequired` });
      const seen = new Set<string>();
      v.driverOptions.forEach((o, i) => {
        if (!OPTION_NAME.test(o.name)) ctx.addIssue({ code: 'custom', path: ['driverOptions'], message: `${P}.optionNameInvalid`, params: { row: i + 1 } });
        else if (seen.has(o.name)) ctx.addIssue({ code: 'custom', path: ['driverOptions'], message: `${P}.optionRepeated` });
        seen.add(o.name);
      });
    } else {
      if (v.lunIds.length === 0) ctx.addIssue({ code: 'custom', path: ['lunIds'], message: `${P}.lunRequired` });
      if (v.lunIds.some((id) => !LUN_ID.test(id) || id.length > 128)) ctx.addIssue({ code: 'custom', path: ['lunIds'], message: `${P}.lunRequired` });
    }
  }));
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
