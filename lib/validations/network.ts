import { z } from 'zod';
import { BOOT_PROTOCOLS, VIRTUAL_NETWORK_MODES } from '@/lib/domain/networks';
import { DESCRIPTION_MAX, checkbox, optionalText, qualifiedId, removeSchema } from './datacenter';

/**
 * THE network forms (logical network, cluster roles, vNIC profile, host network setup, virtual
 * network), parsed by the form and again by the server action. Messages are i18n keys.
 */
const P = 'networks.errors';

/** oVirt network names: letters, digits, '_' and '-' (no dots: they become bridge names on hosts). */
export const NETWORK_NAME = /^[A-Za-z0-9_-]{1,50}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

const emptyToUndefined = (v: unknown) => (v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v);
const name = z.string({ error: `${P}.nameInvalid` }).trim().regex(NETWORK_NAME, { error: `${P}.nameInvalid` });
const vlan = z.preprocess(emptyToUndefined, z.coerce.number({ error: `${P}.vlanInvalid` }).int({ error: `${P}.vlanInvalid` }).min(0, { error: `${P}.vlanInvalid` }).max(4094, { error: `${P}.vlanInvalid` }).optional());
const mtu = z.preprocess(
  emptyToUndefined,
  z.coerce.number({ error: `${P}.mtuInvalid` }).int({ error: `${P}.mtuInvalid` }).refine((n) => n === 0 || (n >= 68 && n <= 65520), { error: `${P}.mtuInvalid` }).optional(),
);
const dns = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : []),
  z.array(z.string().refine((s) => IPV4.test(s) || IPV6.test(s), { error: `${P}.dnsInvalid` })).max(5, { error: `${P}.dnsInvalid` }),
);

export const networkCreateSchema = z.object({
  dataCenterId: qualifiedId(`${P}.dataCenterRequired`),
  name,
  description: optionalText(DESCRIPTION_MAX, `${P}.descriptionTooLong`),
  vlanId: vlan,
  mtu,
  vmNetwork: checkbox,
  portIsolation: checkbox,
  dnsServers: dns,
});
export type NetworkCreateInput = z.infer<typeof networkCreateSchema>;

export const networkEditSchema = z.object({
  id: qualifiedId(`${P}.idInvalid`),
  name,
  description: z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(DESCRIPTION_MAX, { error: `${P}.descriptionTooLong` })),
  vlanId: vlan,
  mtu,
  vmNetwork: checkbox,
  dnsServers: dns,
});
export type NetworkEditInput = z.infer<typeof networkEditSchema>;

export const networkRemoveSchema = removeSchema(P);

/** Roles are separate checkboxes: a form posts each once. */
export const CLUSTER_ROLES = ['management', 'display', 'migration', 'gluster', 'default_route'] as const;
export const clusterNetworkSchema = z.object({
  clusterId: qualifiedId(`${P}.idInvalid`),
  networkId: qualifiedId(`${P}.idInvalid`),
  attached: checkbox,
  required: checkbox,
  role_management: checkbox,
  role_display: checkbox,
  role_migration: checkbox,
  role_gluster: checkbox,
  role_default_route: checkbox,
});
export type ClusterNetworkInput = z.infer<typeof clusterNetworkSchema>;

export const vnicProfileSchema = z.object({
  /** Absent: a new profile on networkId. */
  id: z.preprocess(emptyToUndefined, qualifiedId(`${P}.idInvalid`).optional()),
  networkId: qualifiedId(`${P}.idInvalid`),
  name,
  description: optionalText(DESCRIPTION_MAX, `${P}.descriptionTooLong`),
  /** "default" (the engine's), "none", or a filter name. */
  networkFilter: z.preprocess((v) => emptyToUndefined(v) ?? 'default', z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: `${P}.filterInvalid` })),
  portMirroring: checkbox,
  passThrough: checkbox,
});
export type VnicProfileFormInput = z.infer<typeof vnicProfileSchema>;

export const vnicProfileRemoveSchema = removeSchema(P);

// ---- host network setup (one JSON field: the whole edit is one request)

const ipConfig = z
  .object({
    bootProtocol: z.enum(BOOT_PROTOCOLS, { error: `${P}.bootProtocolInvalid` }),
    address: z.string().trim().optional(),
    netmask: z.string().trim().optional(),
    gateway: z.string().trim().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.bootProtocol !== 'static') return;
    const ok4 = v.address && IPV4.test(v.address);
    const ok6 = v.address && v.address.includes(':') && IPV6.test(v.address);
    if (!ok4 && !ok6) ctx.addIssue({ code: 'custom', message: `${P}.addressInvalid` });
    if (ok4 && !(v.netmask && (IPV4.test(v.netmask) || /^([0-9]|[12]\d|3[0-2])$/.test(v.netmask)))) ctx.addIssue({ code: 'custom', message: `${P}.netmaskInvalid` });
    if (v.gateway && !(IPV4.test(v.gateway) || IPV6.test(v.gateway))) ctx.addIssue({ code: 'custom', message: `${P}.gatewayInvalid` });
  });

const nicName = z.string().regex(/^[A-Za-z0-9_.:-]{1,32}$/, { error: `${P}.nicInvalid` });

export const hostNetworkSetupSchema = z.object({
  modifiedBonds: z
    .array(
      z.object({
        name: z.string().regex(/^bond\d{1,3}$/, { error: `${P}.bondNameInvalid` }),
        mode: z.enum(['0', '1', '2', '3', '4', '5', '6'], { error: `${P}.bondModeInvalid` }).optional(),
        options: z.record(z.string().regex(/^[a-z_]{1,32}$/), z.string().max(64)).optional(),
        slaves: z.array(nicName).max(16),
      }),
    )
    .max(16),
  removedBonds: z.array(nicName).max(16),
  modifiedAttachments: z
    .array(z.object({ id: qualifiedId(`${P}.idInvalid`).optional(), networkId: qualifiedId(`${P}.idInvalid`), nicName, ipv4: ipConfig.optional(), ipv6: ipConfig.optional() }))
    .max(64),
  removedAttachments: z.array(qualifiedId(`${P}.idInvalid`)).max(64),
  synchronizedAttachments: z.array(qualifiedId(`${P}.idInvalid`)).max(64),
  checkConnectivity: z.boolean(),
  connectivityTimeoutSeconds: z.number().int().min(1).max(600).optional(),
  commitOnSuccess: z.boolean(),
});

export const hostSetupFormSchema = z.object({
  hostId: qualifiedId(`${P}.idInvalid`),
  setup: z.string().transform((raw, ctx) => {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${P}.setupInvalid` });
      return z.NEVER;
    }
    const parsed = hostNetworkSetupSchema.safeParse(json);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message.startsWith(P) ? parsed.error.issues[0].message : `${P}.setupInvalid` });
      return z.NEVER;
    }
    return parsed.data;
  }),
});

// ---- libvirt virtual networks

export const virtualNetworkCreateSchema = z
  .object({
    connectionId: z.string({ error: `${P}.connectionRequired` }).regex(/^[^:\s]+$/, { error: `${P}.connectionRequired` }),
    name,
    mode: z.enum(VIRTUAL_NETWORK_MODES, { error: `${P}.modeInvalid` }),
    address: z.preprocess(emptyToUndefined, z.string().regex(IPV4, { error: `${P}.addressInvalid` }).optional()),
    prefix: z.preprocess(emptyToUndefined, z.coerce.number().int().min(8, { error: `${P}.prefixInvalid` }).max(30, { error: `${P}.prefixInvalid` }).optional()),
    dhcpStart: z.preprocess(emptyToUndefined, z.string().regex(IPV4, { error: `${P}.addressInvalid` }).optional()),
    dhcpEnd: z.preprocess(emptyToUndefined, z.string().regex(IPV4, { error: `${P}.addressInvalid` }).optional()),
    bridge: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, { error: `${P}.bridgeInvalid` }).optional()),
    forwardDev: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, { error: `${P}.bridgeInvalid` }).optional()),
    autostart: checkbox,
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'bridge' && !v.bridge) ctx.addIssue({ code: 'custom', path: ['bridge'], message: `${P}.bridgeRequired` });
    if (v.mode !== 'bridge' && (!v.address || !v.prefix)) ctx.addIssue({ code: 'custom', path: ['address'], message: `${P}.addressInvalid` });
    if (Boolean(v.dhcpStart) !== Boolean(v.dhcpEnd)) ctx.addIssue({ code: 'custom', path: ['dhcpStart'], message: `${P}.dhcpInvalid` });
  });

export const virtualNetworkOpSchema = z.object({
  id: qualifiedId(`${P}.idInvalid`),
  op: z.enum(['start', 'stop', 'autostart-on', 'autostart-off'], { error: `${P}.opInvalid` }),
});

export const dhcpRangeSchema = z
  .object({
    id: qualifiedId(`${P}.idInvalid`),
    dhcpStart: z.preprocess(emptyToUndefined, z.string().regex(IPV4, { error: `${P}.addressInvalid` }).optional()),
    dhcpEnd: z.preprocess(emptyToUndefined, z.string().regex(IPV4, { error: `${P}.addressInvalid` }).optional()),
  })
  .refine((v) => Boolean(v.dhcpStart) === Boolean(v.dhcpEnd), { error: `${P}.dhcpInvalid`, path: ['dhcpStart'] });
